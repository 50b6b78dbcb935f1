-- Export jobs. The query is stored as given (query model JSON) together with
-- the compile principal it runs as; policies and masking are loaded fresh at
-- run time, so a retry sees the tenant's current security settings.
CREATE TABLE IF NOT EXISTS export_jobs (
  id              uuid PRIMARY KEY,
  tenant_id       uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  created_by      text NOT NULL,
  principal       jsonb NOT NULL,
  query           jsonb NOT NULL,
  format          text NOT NULL CHECK (format IN ('csv', 'tsv', 'json', 'ndjson', 'parquet', 'avro', 'xml')),
  compression     text NOT NULL DEFAULT 'none' CHECK (compression IN ('none', 'gzip', 'zstd')),
  row_limit       bigint NOT NULL CHECK (row_limit > 0),
  status          text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  storage_key     text NOT NULL,
  rows_written    bigint NOT NULL DEFAULT 0,
  rows_estimated  bigint,
  bytes           bigint,
  error           text,
  attempts        integer NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  finished_at     timestamptz,
  expires_at      timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS export_jobs_tenant ON export_jobs (tenant_id, created_at DESC);
CREATE INDEX IF NOT EXISTS export_jobs_expiry ON export_jobs (expires_at)
