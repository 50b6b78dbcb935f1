/**
 * "Run now" end to end on real chDB + PGlite: queries compiled under the
 * report's principal, files rendered into DATA_DIR/reports/<tenant>/, run
 * rows with row counts and sizes, conditions that skip, failures recorded.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, definition, grafanaUser, runNow, startFixture } from './helpers.ts';
import type { Fixture } from '../queries/fixture.ts';

let f: Fixture;
let editor: Record<string, string>;
before(async () => {
  f = await startFixture();
  editor = grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');
});
after(() => f.t.close());

async function create(extra: Record<string, unknown> = {}): Promise<string> {
  const r = await api(f.t, 'POST', '/api/v1/reports', editor, definition(extra));
  assert.equal(r.statusCode, 201, r.body);
  return r.json().id;
}

test('run now renders every format and section and records the run', async () => {
  const id = await create({ formats: ['csv', 'json', 'xlsx', 'pdf'] });
  const r = await runNow(f.t, id, editor);
  assert.equal(r.statusCode, 200, r.body);
  const run = r.json();
  assert.equal(run.status, 'succeeded', run.error);
  assert.equal(run.trigger, 'manual');
  // acme: statuses passed/failed/skipped/error (4 groups); projects web and api (2).
  assert.deepEqual(run.rowCounts, [4, 2]);
  assert.equal(run.rows, 6);
  const dir = join(f.t.dataDir, 'reports', f.acme.id);
  const names = run.files.map((x: { path: string }) => x.path.slice(dir.length + 1)).sort();
  assert.deepEqual(
    names,
    [`${run.id}-1.csv`, `${run.id}-1.json`, `${run.id}.csv`, `${run.id}.json`, `${run.id}.pdf`, `${run.id}.xlsx`].sort()
  );
  assert.equal(
    run.bytes,
    run.files.reduce((a: number, x: { bytes: number }) => a + x.bytes, 0)
  );
  // The PDF is read back by poppler, a reader that is not the writer.
  const pdfText = execFileSync('pdftotext', [join(dir, `${run.id}.pdf`), '-'], { encoding: 'utf8' });
  assert.match(pdfText, /Weekly health/);
  assert.match(pdfText, /By project/);
  const csv = readFileSync(join(dir, `${run.id}.csv`), 'utf8');
  assert.match(csv, /^status,/);
  assert.match(csv, /\nfailed,2\r?\n/);
  assert.ok(
    readFileSync(join(dir, `${run.id}.xlsx`))
      .subarray(0, 2)
      .equals(Buffer.from('PK')),
    'xlsx is a zip'
  );
  assert.ok(run.durationMs >= 0);

  const history = await api(
    f.t,
    'GET',
    `/api/v1/reports/${id}/runs`,
    grafanaUser(f.acme.keys.grafana, 2, 'vi', 'Viewer')
  );
  assert.equal(history.statusCode, 200);
  assert.deepEqual(
    history.json().runs.map((x: { id: string; status: string }) => [x.id, x.status]),
    [[run.id, 'succeeded']]
  );
  assert.equal(
    (await api(f.t, 'POST', `/api/v1/reports/${id}/run`, grafanaUser(f.acme.keys.grafana, 2, 'vi', 'Viewer')))
      .statusCode,
    403
  );
});

test('conditions: any failure sends, pass rate below 1 % and non-empty-on-nothing skip', async () => {
  const sends = await runNow(f.t, await create({ condition: { kind: 'any_failure' } }), editor);
  assert.equal(sends.json().status, 'succeeded', sends.body);
  const low = await runNow(f.t, await create({ condition: { kind: 'pass_rate_below', threshold: 0.01 } }), editor);
  assert.equal(low.json().status, 'skipped', low.body);
  assert.match(low.json().reason, /pass rate 50\.0 % is not below 1\.0 %/);
  assert.equal(low.json().files, null, 'a skipped run renders nothing');
  const nothing = definition({ condition: { kind: 'non_empty' } });
  (nothing as Record<string, unknown>).queries = [
    {
      title: 'none',
      visualization: 'table',
      query: {
        version: 1,
        dataset: 'results',
        metrics: [{ fn: 'count' }],
        groupBy: ['status'],
        filters: [{ field: 'project', op: '=', value: 'no-such-project' }],
        shape: 'table',
      },
    },
  ];
  const empty = await runNow(f.t, await create(nothing), editor);
  assert.equal(empty.json().status, 'skipped', empty.body);
  assert.deepEqual(empty.json().rowCounts, [0]);
});

test('a report runs under its principal: a row policy on that user narrows its rows', async () => {
  const admin = grafanaUser(f.acme.keys.grafana, 2, 'root', 'Admin');
  const policy = await api(f.t, 'POST', '/api/v1/policies', admin, {
    name: 'alice-web',
    condition: [{ field: 'project', op: '=', value: 'web' }],
    appliesTo: { users: ['alice'] },
  });
  assert.ok(policy.statusCode === 201 || policy.statusCode === 200, policy.body);
  const r = await api(
    f.t,
    'POST',
    '/api/v1/reports',
    admin,
    definition({ runAs: { kind: 'user', login: 'alice', role: 'Viewer' } })
  );
  const run = (await runNow(f.t, r.json().id, admin)).json();
  assert.equal(run.status, 'succeeded', run.error);
  assert.deepEqual(run.rowCounts[1], 1, 'alice sees only project web');
});

test('a failing run is recorded as failed with its error and leaves no files', async () => {
  const id = await create({ formats: ['csv'] });
  // Break the stored definition behind the API's back (as a later catalog change would).
  await f.t.services.metadata.query(
    `UPDATE reports SET definition = jsonb_set(definition, '{queries,0,query,groupBy}', '["gone_field"]') WHERE id = $1`,
    [id]
  );
  const run = (await runNow(f.t, id, editor)).json();
  assert.equal(run.status, 'failed');
  assert.match(run.error, /gone_field/);
  assert.equal(existsSync(join(f.t.dataDir, 'reports', f.acme.id, `${run.id}.csv`)), false);
});
