/**
 * Report file retention (SEMANTEST_REPORT_RETENTION_MS): the sweep deletes a
 * run's files once they are older than the retention, marks the run, keeps
 * younger files, removes leftovers of crashed runs, and a cache entry whose
 * files are gone is a miss, not a broken run.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, definition, grafanaUser, startFixture } from './helpers.ts';
import type { Fixture } from '../queries/fixture.ts';

const HOUR = 3_600_000;
let f: Fixture;
let editor: Record<string, string>;
before(async () => {
  f = await startFixture({ SEMANTEST_REPORT_RETENTION_MS: String(2 * HOUR), SEMANTEST_REPORT_CACHE_TTL_MS: String(24 * HOUR) });
  editor = grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');
});
after(() => f.t.close());

test('the sweep deletes expired report files, keeps young ones, and history says so', async () => {
  const reports = f.t.services.reports;
  const create = async () => (await api(f.t, 'POST', '/api/v1/reports', editor, definition({ formats: ['csv'] }))).json().id as string;
  const oldId = await create();
  const youngId = await create();
  const old = await reports.runner.run(await reports.store.require(f.acme.id, oldId), { kind: 'manual' });
  assert.equal(old.status, 'succeeded', old.error ?? '');
  const dir = join(f.t.dataDir, 'reports', f.acme.id);
  // What a crashed run leaves behind: a file no run row points at.
  const orphan = join(dir, 'crashed-run.csv');
  writeFileSync(orphan, 'x');
  const now = Date.now();
  utimesSync(orphan, new Date(now - 3 * HOUR), new Date(now - 3 * HOUR));
  // Age the old run past the retention (its row and its files).
  await f.t.services.metadata.query(`UPDATE report_runs SET finished_at = $2 WHERE id = $1`, [old.id, new Date(now - 3 * HOUR)]);
  for (const file of old.files ?? []) utimesSync(file.path, new Date(now - 3 * HOUR), new Date(now - 3 * HOUR));
  const young = await reports.runner.run(await reports.store.require(f.acme.id, youngId), { kind: 'manual' });

  // Delivery-ledger rows are kept at least a week (a retry of their tick must still see them).
  for (const [key, age] of [['old-ledger', 8 * 24 * HOUR], ['week-ledger', 6 * 24 * HOUR]] as const)
    await f.t.services.metadata.query(
      `INSERT INTO report_deliveries (idempotency_key, tenant_id, report_id, run_id, channel, recipient, status, created_at)
       VALUES ($1, $2, $3, $4, 'email', 'x@example.com', 'delivered', $5)`,
      [key, f.acme.id, oldId, old.id, new Date(now - age)]
    );
  const swept = await reports.sweep(new Date(now));
  assert.equal(swept.ledgerRows, 1);
  assert.deepEqual(
    (await f.t.services.metadata.query<{ k: string }>('SELECT idempotency_key AS k FROM report_deliveries')).map((r) => r.k),
    ['week-ledger']
  );
  assert.deepEqual({ runs: swept.runs, files: swept.files, orphans: swept.orphans }, { runs: 1, files: 2, orphans: 1 });
  for (const file of old.files ?? []) assert.equal(existsSync(file.path), false, `${file.path} deleted`);
  assert.equal(existsSync(orphan), false, 'the leftover is deleted');
  for (const file of young.files ?? []) assert.ok(existsSync(file.path), 'younger files are kept');

  const history = (await api(f.t, 'GET', `/api/v1/reports/${oldId}/runs`, editor)).json().runs;
  assert.equal(history[0].files, null);
  assert.equal(history[0].filesExpiredAt, new Date(now).toISOString());
  assert.equal(history[0].status, 'succeeded', 'the outcome is kept; only the files expire');

  // The old run's cache entry (24 h TTL) points at deleted files: the next run regenerates.
  const again = await reports.runner.run(await reports.store.require(f.acme.id, oldId), { kind: 'manual' });
  assert.equal(again.status, 'succeeded', again.error ?? '');
  assert.equal(again.cachedFrom, null);
  for (const file of again.files ?? []) assert.ok(existsSync(file.path));
  assert.equal(f.t.services.config.reports.fileRetentionMs, 2 * HOUR, 'the retention comes from the configuration');
});
