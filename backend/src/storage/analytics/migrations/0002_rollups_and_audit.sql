-- Hourly rollup of test_results and the append-only audit log.
-- Invariants: tenant_id leads every sort key; the rollup holds only states that
-- merge to EXACTLY what the raw table gives (counts, sums, min/max, exact
-- quantiles), so the compiler may swap it in without changing any result.
-- `name` is in the key although it depends on test_id (test_id hashes the name),
-- so grouping or masking by test name works on the rollup too.

CREATE TABLE IF NOT EXISTS test_results_hourly
(
    tenant_id       LowCardinality(String),
    project         LowCardinality(String),
    suite           String,
    test_id         String,
    name            String,
    hour            DateTime('UTC'),
    total           SimpleAggregateFunction(sum, UInt64),
    passed          SimpleAggregateFunction(sum, UInt64),
    failed          SimpleAggregateFunction(sum, UInt64),
    errored         SimpleAggregateFunction(sum, UInt64),
    skipped         SimpleAggregateFunction(sum, UInt64),
    duration_sum    SimpleAggregateFunction(sum, Float64),
    duration_min    SimpleAggregateFunction(min, Float64),
    duration_max    SimpleAggregateFunction(max, Float64),
    duration_q      AggregateFunction(quantileExact, Float64),
    retention_days  SimpleAggregateFunction(max, UInt16)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant_id, project, suite, test_id, name, hour)
TTL hour + toIntervalDay(retention_days);

CREATE MATERIALIZED VIEW IF NOT EXISTS test_results_hourly_mv TO test_results_hourly AS
SELECT
    tenant_id,
    project,
    suite,
    test_id,
    name,
    toStartOfHour(started_at) AS hour,
    count() AS total,
    countIf(status = 'passed') AS passed,
    countIf(status = 'failed') AS failed,
    countIf(status = 'error') AS errored,
    countIf(status = 'skipped') AS skipped,
    sum(duration_ms) AS duration_sum,
    min(duration_ms) AS duration_min,
    max(duration_ms) AS duration_max,
    quantileExactState(duration_ms) AS duration_q,
    max(retention_days) AS retention_days
FROM test_results
GROUP BY tenant_id, project, suite, test_id, name, hour;

-- Append-only: the application never issues ALTER UPDATE/DELETE here; only the
-- TTL removes rows. `details` is a JSON document (String) written by the server.
CREATE TABLE IF NOT EXISTS audit_log
(
    tenant_id       LowCardinality(String),
    at              DateTime64(3, 'UTC'),
    actor           String,
    actor_kind      LowCardinality(String),
    action          LowCardinality(String),
    resource        String,
    outcome         LowCardinality(String),
    risk            LowCardinality(String),
    details         String,
    retention_days  UInt16 DEFAULT 400
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (tenant_id, at, action)
TTL toDateTime(at) + toIntervalDay(retention_days);
