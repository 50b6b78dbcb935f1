/**
 * The metadata migration text runs on a real PostgreSQL engine (PGlite) and
 * enforces its invariants: one active quarantine per test, valid states.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const sql = readFileSync(fileURLToPath(new URL('../../src/storage/metadata/migrations/0003_intelligence.sql', import.meta.url)), 'utf8');

test('intelligence migrations apply twice on PGlite and enforce their constraints', async () => {
  const db = new PGlite();
  try {
    await db.exec(sql);
    await db.exec(sql); // idempotent
    const tables = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    assert.deepEqual(tables.rows.map((r) => r.table_name), ['monitors', 'owner_rules', 'quarantines', 'signature_rules', 'test_state_history', 'test_states']);

    const insert = `INSERT INTO quarantines (tenant_id, project, test_id, reason, created_by, source) VALUES ($1, 'p', 't', 'r', 'u', 'manual')`;
    await db.query(insert, ['acme']);
    await assert.rejects(db.query(insert, ['acme']), /duplicate key/); // second active quarantine
    await db.query(`UPDATE quarantines SET released_at = now(), release_reason = 'released' WHERE tenant_id = 'acme'`);
    await db.query(insert, ['acme']); // allowed once the first is released
    await db.query(insert, ['other']); // other tenant, same test id
    await assert.rejects(db.query(`INSERT INTO test_states (tenant_id, project, test_id, detected, state) VALUES ('a', 'p', 't', 'quarantined', 'x')`), /check constraint/);
    await db.query(`INSERT INTO test_state_history (tenant_id, project, test_id, at, from_state, to_state, reason, actor, evidence) VALUES ('a','p','t', now(), 'healthy', 'flaky', 'flips', 'monitor', ARRAY['r1','r2'])`);
    const ev = await db.query<{ evidence: string[] }>(`SELECT evidence FROM test_state_history`);
    assert.deepEqual(ev.rows[0]!.evidence, ['r1', 'r2']);
  } finally {
    await db.close();
  }
});
