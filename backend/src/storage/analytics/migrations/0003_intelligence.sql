-- Test intelligence in the analytics store (owner: src/intelligence, datasets in src/query).
-- Invariants: tenant_id leads every sort key; the compiler reads these tables through its
-- tenant guard, row policies and masking like any other source (src/query/model/sources.ts).
--
-- 1. failure_clusters_daily: failing final attempts per (tenant, project, UTC day, signature,
--    type, branch), kept by a materialized view. Every column merges to EXACTLY what the raw
--    table gives (counts, exact distinct sets, min/max, a deterministic first sample), so
--    long cluster windows read whole days here and only the partial edge days from
--    failed_results below (signature/clusters-sql.ts; equivalence tested on chDB). It is also
--    the source of the `failure_clusters` dataset.

CREATE TABLE IF NOT EXISTS failure_clusters_daily
(
    tenant_id       LowCardinality(String),
    project         LowCardinality(String),
    day             DateTime('UTC'),
    error_signature String,
    error_type      String,
    branch          LowCardinality(String),
    failures        SimpleAggregateFunction(sum, UInt64),
    tests           AggregateFunction(uniqExact, String),
    runs            AggregateFunction(uniqExact, String),
    names           AggregateFunction(groupUniqArray, String),
    branches        AggregateFunction(groupUniqArray, String),
    first_seen      SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen       SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    sample          AggregateFunction(argMin, Tuple(String, String), Tuple(DateTime64(3, 'UTC'), String, String, UInt16)),
    retention_days  SimpleAggregateFunction(max, UInt16),
    ingested_at     SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (tenant_id, project, day, error_signature, error_type, branch)
-- Retention counts from ingestion like test_results; a group lives until its last raw row expires.
TTL toDateTime(ingested_at) + toIntervalDay(retention_days);

CREATE MATERIALIZED VIEW IF NOT EXISTS failure_clusters_daily_mv TO failure_clusters_daily AS
SELECT
    tenant_id,
    project,
    toStartOfDay(started_at) AS day,
    error_signature,
    error_type,
    branch,
    count() AS failures,
    uniqExactState(test_id) AS tests,
    uniqExactState(run_id) AS runs,
    groupUniqArrayState(name) AS names,
    groupUniqArrayState(toString(branch)) AS branches,
    min(started_at) AS first_seen,
    max(started_at) AS last_seen,
    argMinState(tuple(error_type, substring(error_message, 1, 500)), tuple(started_at, test_id, run_id, attempt)) AS sample,
    max(retention_days) AS retention_days,
    max(ingested_at) AS ingested_at
FROM test_results
WHERE is_final = 1 AND status IN ('failed', 'error') AND error_signature != ''
GROUP BY tenant_id, project, day, error_signature, error_type, branch;

-- Backfill what existed before the view (migrations run before the server takes uploads).
-- Guarded by emptiness so a re-run after a crash between this and its record adds nothing twice.
INSERT INTO failure_clusters_daily
SELECT
    tenant_id, project, toStartOfDay(started_at) AS day, error_signature, error_type, branch,
    count(), uniqExactState(test_id), uniqExactState(run_id), groupUniqArrayState(name), groupUniqArrayState(toString(branch)),
    min(started_at), max(started_at),
    argMinState(tuple(error_type, substring(error_message, 1, 500)), tuple(started_at, test_id, run_id, attempt)),
    max(retention_days), max(ingested_at)
FROM test_results
WHERE is_final = 1 AND status IN ('failed', 'error') AND error_signature != ''
  AND (SELECT count() FROM failure_clusters_daily) = 0
GROUP BY tenant_id, project, day, error_signature, error_type, branch;

-- failed_results: the failing final attempts alone (about 2 % of test_results), sorted by
-- time, so a window of failures is read without the passing rows around it (test_results is
-- sorted by day then test, so any sub-day range reads whole days). Same rows, same TTL as
-- test_results: clusters over it equal clusters over the raw table, by construction.
CREATE TABLE IF NOT EXISTS failed_results
(
    tenant_id       LowCardinality(String),
    project         LowCardinality(String),
    started_at      DateTime64(3, 'UTC'),
    error_signature String,
    error_type      String,
    error_message   String,
    test_id         String,
    run_id          String,
    name            String,
    branch          LowCardinality(String),
    attempt         UInt16,
    retention_days  UInt16,
    ingested_at     DateTime64(3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(started_at)
ORDER BY (tenant_id, project, started_at)
TTL toDateTime(ingested_at) + toIntervalDay(retention_days);

CREATE MATERIALIZED VIEW IF NOT EXISTS failed_results_mv TO failed_results AS
SELECT tenant_id, project, started_at, error_signature, error_type, substring(error_message, 1, 500) AS error_message,
       test_id, run_id, name, branch, attempt, retention_days, ingested_at
FROM test_results
WHERE is_final = 1 AND status IN ('failed', 'error') AND error_signature != '';

INSERT INTO failed_results
SELECT tenant_id, project, started_at, error_signature, error_type, substring(error_message, 1, 500),
       test_id, run_id, name, branch, attempt, retention_days, ingested_at
FROM test_results
WHERE is_final = 1 AND status IN ('failed', 'error') AND error_signature != ''
  AND (SELECT count() FROM failed_results) = 0;

-- 2. Mirrors of the metadata store (PostgreSQL is the source of truth; intelligence/mirror
--    writes these after every state or quarantine change, and the evaluation job re-syncs).
--    ReplacingMergeTree(version): the latest row per key wins; the compiler reads them FINAL.

CREATE TABLE IF NOT EXISTS test_states_mirror
(
    tenant_id         LowCardinality(String),
    project           LowCardinality(String),
    test_id           String,
    name              String,
    suite             String,
    owner             LowCardinality(String),
    state             LowCardinality(String),
    detected          LowCardinality(String),
    since             DateTime64(3, 'UTC'),
    last_evidence_at  Nullable(DateTime64(3, 'UTC')),
    failure_rate      Float64,
    flips             Float64,
    quarantine_reason String,
    quarantine_owner  String,
    version           UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, project, test_id);

-- One row per quarantine (open or closed): [starts_at, ends_at). ends_at is the release,
-- else the expiry, else 2299-12-31. Periods of one test never overlap (one active
-- quarantine per test in the metadata store), which the ASOF join of the results dataset needs.
CREATE TABLE IF NOT EXISTS quarantine_periods
(
    tenant_id      LowCardinality(String),
    project        LowCardinality(String),
    test_id        String,
    quarantine_id  UInt64,
    name           String,
    reason         String,
    owner          String,
    source         LowCardinality(String),
    starts_at      DateTime64(3, 'UTC'),
    ends_at        DateTime64(3, 'UTC'),
    version        UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, project, test_id, quarantine_id);

-- 3. The latest regression check per (project, level, metric, subject).
CREATE TABLE IF NOT EXISTS regression_checks
(
    tenant_id       LowCardinality(String),
    project         LowCardinality(String),
    level           LowCardinality(String),
    metric          LowCardinality(String),
    subject         String,
    name            String,
    suite           String,
    verdict         LowCardinality(String),
    baseline_value  Float64,
    current_value   Float64,
    change_pct      Float64,
    effect_size     Float64,
    p_value         Float64,
    confidence      Float64,
    baseline_n      UInt32,
    current_n       UInt32,
    checked_at      DateTime64(3, 'UTC'),
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, project, level, metric, subject);
