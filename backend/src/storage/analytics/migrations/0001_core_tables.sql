-- Core analytics tables. Valid ClickHouse for chDB and a ClickHouse server alike.
-- Retention counts from ingestion (ingested_at), not from when a test ran: a backfill of
-- old reports must not be dropped on arrival.
-- Invariants: tenant_id leads every sort key; every row carries retention_days so
-- retention is a per-tenant TTL; values never enter SQL text (bound parameters).

CREATE TABLE IF NOT EXISTS test_runs
(
    tenant_id       LowCardinality(String),
    run_id          String,
    project         LowCardinality(String),
    source_format   LowCardinality(String),
    ci_provider     LowCardinality(String),
    build_id        String,
    build_url       String,
    commit_sha      String,
    branch          LowCardinality(String),
    pull_request    String,
    environment     LowCardinality(String),
    os              LowCardinality(String),
    browser         LowCardinality(String),
    shard           String,
    started_at      DateTime64(3, 'UTC'),
    finished_at     DateTime64(3, 'UTC'),
    duration_ms     Float64,
    total           UInt32,
    passed          UInt32,
    failed          UInt32,
    errors          UInt32,
    skipped         UInt32,
    labels          Map(String, String),
    content_hash    String,
    retention_days  UInt16,
    ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_run_id run_id TYPE bloom_filter GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(started_at)
ORDER BY (tenant_id, project, started_at, run_id)
TTL toDateTime(ingested_at) + toIntervalDay(retention_days)
SETTINGS non_replicated_deduplication_window = 1000, fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS test_results
(
    tenant_id       LowCardinality(String),
    run_id          String,
    project         LowCardinality(String),
    suite           String,
    test_id         String,
    name            String,
    class_name      String,
    file            String,
    status          LowCardinality(String),
    attempt         UInt16,
    is_final        UInt8,
    duration_ms     Float64,
    started_at      DateTime64(3, 'UTC'),
    error_type      String,
    error_message   String,
    error_stack     String,
    error_signature String,
    stdout          String,
    stderr          String,
    environment     LowCardinality(String),
    browser         LowCardinality(String),
    os              LowCardinality(String),
    branch          LowCardinality(String),
    commit_sha      String,
    pull_request    String,
    build_id        String,
    shard           String,
    owner           LowCardinality(String),
    labels          Map(String, String),
    retention_days  UInt16,
    ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_run_id run_id TYPE bloom_filter GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(started_at)
ORDER BY (tenant_id, project, toStartOfDay(started_at), test_id, started_at)
TTL toDateTime(ingested_at) + toIntervalDay(retention_days)
SETTINGS non_replicated_deduplication_window = 1000, fsync_after_insert = 1, fsync_part_directory = 1;

CREATE TABLE IF NOT EXISTS perf_samples
(
    tenant_id       LowCardinality(String),
    run_id          String,
    project         LowCardinality(String),
    suite           String,
    test_id         String,
    environment     LowCardinality(String),
    browser         LowCardinality(String),
    os              LowCardinality(String),
    branch          LowCardinality(String),
    metric          LowCardinality(String),
    value           Float64,
    unit            LowCardinality(String),
    ts              DateTime64(3, 'UTC'),
    labels          Map(String, String),
    retention_days  UInt16,
    ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_run_id run_id TYPE bloom_filter GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant_id, project, metric, ts)
TTL toDateTime(ingested_at) + toIntervalDay(retention_days)
SETTINGS non_replicated_deduplication_window = 1000, fsync_after_insert = 1, fsync_part_directory = 1;
