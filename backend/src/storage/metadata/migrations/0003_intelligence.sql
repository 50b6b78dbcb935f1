-- Test-intelligence metadata (PostgreSQL; runs on PGlite and a PostgreSQL server alike).
-- The single source of the intelligence tables (store code in src/intelligence/store). Invariants:
-- * tenant_id leads every primary key and index: every read is per tenant
-- * history tables are append-only (the audit trail of state and quarantine changes)
-- * at most one active quarantine per test (partial unique index)
-- * one monitor per project (the one the evaluation job applies)
-- (The migration runner splits statements on a semicolon at the end of a line: comments must not end with one.)

CREATE TABLE IF NOT EXISTS monitors (
    tenant_id    TEXT        NOT NULL,
    project      TEXT        NOT NULL,
    monitor_id   TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    enabled      BOOLEAN     NOT NULL DEFAULT TRUE,
    -- MonitorConfigInput (monitors/config.ts); resolved over the defaults on read.
    config       JSONB       NOT NULL DEFAULT '{}'::jsonb,
    -- QuarantinePolicy (quarantine/model.ts); auto-quarantine is opt-in.
    quarantine_policy JSONB  NOT NULL DEFAULT '{"autoQuarantine": false}'::jsonb,
    created_by   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, monitor_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS monitors_project ON monitors (tenant_id, project);

CREATE TABLE IF NOT EXISTS test_states (
    tenant_id      TEXT        NOT NULL,
    project        TEXT        NOT NULL,
    test_id        TEXT        NOT NULL,
    name           TEXT        NOT NULL DEFAULT '',
    detected       TEXT        NOT NULL CHECK (detected IN ('healthy', 'flaky', 'broken')),
    detected_since TIMESTAMPTZ,
    -- Effective state: 'quarantined' while a quarantine is active, else detected.
    state          TEXT        NOT NULL CHECK (state IN ('healthy', 'flaky', 'broken', 'quarantined')),
    last_evidence_at TIMESTAMPTZ,
    evaluated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, project, test_id)
);
CREATE INDEX IF NOT EXISTS test_states_state ON test_states (tenant_id, project, state);

CREATE TABLE IF NOT EXISTS test_state_history (
    id          BIGSERIAL   PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    project     TEXT        NOT NULL,
    test_id     TEXT        NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    from_state  TEXT        NOT NULL CHECK (from_state IN ('healthy', 'flaky', 'broken', 'quarantined')),
    to_state    TEXT        NOT NULL CHECK (to_state IN ('healthy', 'flaky', 'broken', 'quarantined')),
    reason      TEXT        NOT NULL,
    actor       TEXT        NOT NULL,
    -- Run ids behind the change.
    evidence    TEXT[]      NOT NULL DEFAULT '{}',
    note        TEXT
);
CREATE INDEX IF NOT EXISTS test_state_history_test ON test_state_history (tenant_id, project, test_id, at);

CREATE TABLE IF NOT EXISTS quarantines (
    id           BIGSERIAL   PRIMARY KEY,
    tenant_id    TEXT        NOT NULL,
    project      TEXT        NOT NULL,
    test_id      TEXT        NOT NULL,
    -- The test name, so CI can skip by name without knowing our test ids.
    name         TEXT        NOT NULL DEFAULT '',
    reason       TEXT        NOT NULL CHECK (length(reason) > 0),
    owner        TEXT        NOT NULL DEFAULT '',
    created_by   TEXT        NOT NULL,
    source       TEXT        NOT NULL CHECK (source IN ('manual', 'policy')),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ,
    released_at  TIMESTAMPTZ,
    released_by  TEXT,
    release_reason TEXT CHECK (release_reason IS NULL OR release_reason IN ('released', 'expired', 'auto_released'))
);
-- One active quarantine per test; the CI endpoint reads this index.
CREATE UNIQUE INDEX IF NOT EXISTS quarantines_active ON quarantines (tenant_id, project, test_id) WHERE released_at IS NULL;

CREATE TABLE IF NOT EXISTS owner_rules (
    tenant_id   TEXT        NOT NULL,
    project     TEXT        NOT NULL,
    -- 'codeowners' rows hold an uploaded file; 'rule' rows one API path rule.
    kind        TEXT        NOT NULL CHECK (kind IN ('codeowners', 'rule')),
    position    INTEGER     NOT NULL,
    pattern     TEXT        NOT NULL DEFAULT '',
    owners      TEXT[]      NOT NULL DEFAULT '{}',
    codeowners  TEXT,
    updated_by  TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, project, kind, position)
);

CREATE TABLE IF NOT EXISTS signature_rules (
    tenant_id   TEXT        NOT NULL,
    position    INTEGER     NOT NULL,
    -- Validated by signature/rules.ts compileRules before it is stored.
    pattern     TEXT        NOT NULL CHECK (length(pattern) BETWEEN 1 AND 200),
    flags       TEXT        NOT NULL DEFAULT '' CHECK (flags IN ('', 'i')),
    signature   TEXT        NOT NULL CHECK (length(signature) BETWEEN 1 AND 120),
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, position)
);
