-- Self-monitoring samples written by backend/src/platform (the `platform` dataset, admin-only).
-- One row per (tenant, sample time, metric). Tenant first in the sort key so the compiler's
-- tenant guard reads one tenant's range; metric next so a panel reads one metric's rows.
-- Samples are operational, not test data: kept 30 days.
CREATE TABLE IF NOT EXISTS platform_metrics
(
    tenant_id  LowCardinality(String),
    ts         DateTime64(3, 'UTC'),
    metric     LowCardinality(String),
    value      Float64
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(ts)
ORDER BY (tenant_id, metric, ts)
TTL toDateTime(ts) + toIntervalDay(30);
