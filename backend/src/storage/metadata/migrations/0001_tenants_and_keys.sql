-- Tenants and API keys. Keys are stored only as SHA-256 hashes of the secret.
CREATE TABLE IF NOT EXISTS tenants (
  id              uuid PRIMARY KEY,
  slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name            text NOT NULL,
  grafana_org_id  integer UNIQUE CHECK (grafana_org_id > 0),
  retention_days  integer NOT NULL DEFAULT 365 CHECK (retention_days BETWEEN 1 AND 3650),
  settings        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS api_keys (
  id            uuid PRIMARY KEY,
  tenant_id     uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('ingest', 'query', 'admin', 'grafana')),
  name          text NOT NULL DEFAULT '',
  prefix        text NOT NULL,
  secret_hash   text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

CREATE INDEX IF NOT EXISTS api_keys_tenant ON api_keys (tenant_id);
