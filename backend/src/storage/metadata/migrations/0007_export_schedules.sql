-- Scheduled exports and pivots.
-- A schedule holds an export request (query model JSON, format, compression,
-- optional pivot) plus a cron expression and time zone, and the compile
-- principal it runs as (its creator's; policies and masking load at run time).
CREATE TABLE IF NOT EXISTS export_schedules (
  id            uuid PRIMARY KEY,
  tenant_id     uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name          text NOT NULL,
  created_by    text NOT NULL,
  principal     jsonb NOT NULL,
  request       jsonb NOT NULL,
  cron          text NOT NULL,
  timezone      text NOT NULL,
  paused        boolean NOT NULL DEFAULT false,
  -- The claim: a replica advances last_tick_at with a compare-and-set UPDATE
  -- (the row lock makes concurrent claimers wait, then re-check and lose) and
  -- inserts the tick's job in the same transaction.
  last_tick_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS export_schedules_tenant ON export_schedules (tenant_id, created_at DESC);

ALTER TABLE export_jobs ADD COLUMN IF NOT EXISTS pivot jsonb;
ALTER TABLE export_jobs ADD COLUMN IF NOT EXISTS schedule_id uuid REFERENCES export_schedules(id) ON DELETE SET NULL;
ALTER TABLE export_jobs ADD COLUMN IF NOT EXISTS tick_at timestamptz;
-- Belt and braces under the claim: one job per (schedule, tick), whatever happens.
CREATE UNIQUE INDEX IF NOT EXISTS export_jobs_schedule_tick ON export_jobs (schedule_id, tick_at) WHERE schedule_id IS NOT NULL;
