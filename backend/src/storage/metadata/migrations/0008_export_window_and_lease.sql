-- Scheduled exports: a moving time window, and leases on export jobs.
--
-- time_range: {"last": "24h", "timezone": "Europe/Berlin"} or NULL. Each tick
-- exports the window ending at the tick (the query's timeRange is replaced).
ALTER TABLE export_schedules ADD COLUMN IF NOT EXISTS time_range jsonb;

-- lease_expires_at: a job queued or running in some backend process carries a
-- lease that process renews (heartbeat). Replicas share PostgreSQL; when a
-- process dies its leases run out and another replica takes the job over
-- (re-queues it) or fails it after too many attempts. NULL = no lease (jobs
-- from before this migration, or finished ones).
ALTER TABLE export_jobs ADD COLUMN IF NOT EXISTS lease_expires_at timestamptz;
CREATE INDEX IF NOT EXISTS export_jobs_lease ON export_jobs (lease_expires_at) WHERE status IN ('queued', 'running');
