-- Report definitions, their runs and the schedule-tick claims.
-- The definition body (queries, formats, schedule, delivery, condition,
-- principal) is one validated jsonb document; columns hold only what the
-- scheduler filters on.
CREATE TABLE IF NOT EXISTS reports (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name        text NOT NULL,
  definition  jsonb NOT NULL,
  owner       text NOT NULL,
  paused      boolean NOT NULL DEFAULT false,
  has_schedule boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS reports_tenant ON reports (tenant_id, name);

CREATE TABLE IF NOT EXISTS report_runs (
  id           uuid PRIMARY KEY,
  report_id    uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  tenant_id    uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  trigger      text NOT NULL CHECK (trigger IN ('manual', 'schedule')),
  tick_at      timestamptz,
  attempt      integer NOT NULL DEFAULT 1,
  status       text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'skipped')),
  reason       text,
  rows         bigint,
  row_counts   jsonb,
  bytes        bigint,
  files        jsonb,
  summary      jsonb,
  error        text,
  duration_ms  integer,
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz
);
CREATE INDEX IF NOT EXISTS report_runs_report ON report_runs (report_id, created_at DESC);

-- Inserting (report, tick) is the claim: the primary key lets exactly one
-- replica win a tick, whatever the number of schedulers on this database.
-- next_attempt_at drives retries with backoff; done marks a finished tick.
CREATE TABLE IF NOT EXISTS report_ticks (
  report_id        uuid NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  tick_at          timestamptz NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  done             boolean NOT NULL DEFAULT false,
  next_attempt_at  timestamptz,
  claimed_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, tick_at)
);
