-- Export delivery (scheduled exports send their download link by e-mail,
-- webhook or Slack) and fencing tokens on export job leases.

-- delivery: the schedule's channels [{kind: email|webhook|slack, …}] or NULL.
ALTER TABLE export_schedules ADD COLUMN IF NOT EXISTS delivery jsonb;

-- A tick's job carries what it delivers, fixed at the tick: the channels, the
-- schedule's name and the resolved time window ({scheduleName, channels, window}),
-- so renaming or deleting the schedule cannot change a pending delivery.
-- delivery_status: NULL = nothing to deliver; 'pending' from the moment the job
-- succeeds until every channel is delivered ('delivered') or attempts ran out
-- ('failed'). While pending, lease_expires_at is the delivering process's
-- lease, or after a failed attempt the earliest retry time; any replica takes
-- over a pending delivery whose lease ran out.
ALTER TABLE export_jobs ADD COLUMN IF NOT EXISTS delivery jsonb;
ALTER TABLE export_jobs ADD COLUMN IF NOT EXISTS delivery_status text CHECK (delivery_status IN ('pending', 'delivered', 'failed'));
ALTER TABLE export_jobs ADD COLUMN IF NOT EXISTS delivery_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE export_jobs ADD COLUMN IF NOT EXISTS delivery_error text;
CREATE INDEX IF NOT EXISTS export_jobs_delivery ON export_jobs (lease_expires_at) WHERE delivery_status = 'pending';

-- Fencing: every hand-over of a job to a process (create, retry, take-over)
-- increments lease_token; that process's updates (start, progress, estimate,
-- finish, lease renewal, delivery) all say WHERE lease_token = <its token>, so a
-- process whose lease ran out and whose job was taken over writes nothing.
ALTER TABLE export_jobs ADD COLUMN IF NOT EXISTS lease_token bigint NOT NULL DEFAULT 0;

-- The delivery ledger of exports (reports/delivery/ledger.ts, table kind
-- 'export'): one row per (tick, channel, recipient), 'sending' before the send
-- and 'delivered' after it, so a retry skips what was delivered.
CREATE TABLE IF NOT EXISTS export_deliveries (
  idempotency_key text PRIMARY KEY,
  tenant_id       uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  schedule_id     uuid NOT NULL,
  job_id          uuid NOT NULL,
  channel         text NOT NULL,
  recipient       text NOT NULL,
  status          text NOT NULL CHECK (status IN ('sending', 'delivered')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz
);
CREATE INDEX IF NOT EXISTS export_deliveries_job ON export_deliveries (job_id)
