-- Reports, second part: queued "run now" ticks, the delivery ledger that
-- makes retries skip what was already delivered, the render cache, what
-- "new failures since last run" compares, file retention and the owner's
-- address for failure notices.

-- A manual run is a tick too (trigger 'manual'), claimed like a retry, so a
-- queued run survives a crash; run_id is its pre-created queued run row.
ALTER TABLE report_ticks ADD COLUMN IF NOT EXISTS trigger text NOT NULL DEFAULT 'schedule' CHECK (trigger IN ('schedule', 'manual'));
ALTER TABLE report_ticks ADD COLUMN IF NOT EXISTS actor text;
ALTER TABLE report_ticks ADD COLUMN IF NOT EXISTS run_id uuid;

ALTER TABLE reports ADD COLUMN IF NOT EXISTS owner_email text;

-- failing_tests: the tests failing in this run's window (for new_failures).
-- cached_from: the run whose rendered files this run reused.
ALTER TABLE report_runs ADD COLUMN IF NOT EXISTS failing_tests jsonb;
ALTER TABLE report_runs ADD COLUMN IF NOT EXISTS cached_from uuid;
ALTER TABLE report_runs ADD COLUMN IF NOT EXISTS files_expired_at timestamptz;
CREATE INDEX IF NOT EXISTS report_runs_files ON report_runs (finished_at) WHERE files IS NOT NULL;

-- One row per (tick or run, channel, recipient): the idempotency key. A row
-- is 'sending' before the send and 'delivered' after it; a retry skips
-- 'delivered' rows and re-sends 'sending' ones under the same key.
CREATE TABLE IF NOT EXISTS report_deliveries (
  idempotency_key text PRIMARY KEY,
  tenant_id       uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  report_id       uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  run_id          uuid NOT NULL,
  channel         text NOT NULL,
  recipient       text NOT NULL,
  status          text NOT NULL CHECK (status IN ('sending', 'delivered')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz
);
CREATE INDEX IF NOT EXISTS report_deliveries_run ON report_deliveries (run_id);

-- key = hash(definition, principal, effective policies and masking). A
-- policy change changes the key, so it can never serve stale permissions.
CREATE TABLE IF NOT EXISTS report_cache (
  key         text PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  report_id   uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  run_id      uuid NOT NULL,
  payload     jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS report_cache_expiry ON report_cache (expires_at)
