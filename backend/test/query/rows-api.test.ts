/**
 * Shape `rows` through the HTTP API: POST /api/v1/query answers a table frame
 * readable by @grafana/data (the Grafana envelope and timing as a panel sends
 * them), only the caller's tenant; GET /api/v1/catalog advertises the shape and
 * its columns per dataset.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, query, bearer, RANGE, type Fixture } from '../queries/fixture.ts';
import { dataFrameFromJSON } from '../queries/grafana-frames.ts';

let f: Fixture;
before(async () => { f = await startFixture(); });
after(() => f.t.close());

test('a rows query answers one table frame of the caller\'s rows', async () => {
  const r = await query(f.t, bearer(f.acme.keys.query), {
    range: RANGE, intervalMs: 60_000,
    queries: [{ refId: 'R', datasource: { type: 'semantest-datasource', uid: 'x' }, hide: false, version: 1, dataset: 'results', shape: 'rows',
      columns: ['started_at', 'project', 'test', 'status', 'duration_ms', 'label:person'], orderBy: [{ by: 'duration_ms', dir: 'desc' }] }],
  });
  assert.equal(r.statusCode, 200, r.body);
  const res = r.json().results.R;
  assert.equal(res.status, 200, JSON.stringify(res.error));
  assert.equal(res.frames.length, 1);
  const df = dataFrameFromJSON(res.frames[0]);
  assert.deepEqual(df.fields.map((x) => [x.name, x.type]), [
    ['started_at', 'time'], ['project', 'string'], ['test', 'string'], ['status', 'string'], ['duration_ms', 'number'], ['label:person', 'string'],
  ]);
  const col = (name: string) => Array.from(df.fields.find((x) => x.name === name)!.values as unknown[]);
  assert.equal(df.length, 7, 'acme has 7 results');
  assert.deepEqual(col('duration_ms'), [300, 280, 130, 120, 80, 50, 0]);
  // the slowest result ran in run a1 (started 10:00, results start one after another)
  const t0 = Number(col('started_at')[0]) - Date.parse('2026-11-20T10:00:00Z');
  assert.ok(t0 >= 0 && t0 < 60_000, `epoch ms inside run a1: +${t0} ms`);
  assert.deepEqual(col('label:person').filter((v) => v !== ''), ['Alice Smith']);
  assert.ok(!r.body.includes('gx'), 'nothing of the other tenant');
});

test('a bad rows query is a per-query 400 with the validation path', async () => {
  const r = await query(f.t, bearer(f.acme.keys.query), {
    range: RANGE,
    queries: [{ refId: 'B', version: 1, dataset: 'results', shape: 'rows', columns: ['test', 'tenant_id'] }],
  });
  assert.equal(r.statusCode, 200, r.body);
  const b = r.json().results.B;
  assert.equal(b.status, 400);
  assert.match(JSON.stringify(b.error), /columns\/1: unknown column/);
});

test('the catalog advertises shapes and row columns per dataset', async () => {
  const r = await f.t.app.inject({ method: 'GET', url: '/api/v1/catalog', headers: bearer(f.acme.keys.query) });
  assert.equal(r.statusCode, 200);
  const ds = r.json().datasets as { id: string; shapes: string[]; rowColumns?: { id: string; type: string }[] }[];
  const byId = new Map(ds.map((d) => [d.id, d]));
  const results = byId.get('results')!;
  assert.ok(results.shapes.includes('rows'));
  assert.deepEqual(results.rowColumns!.slice(0, 2), [
    { id: 'started_at', type: 'time', description: 'When the attempt started' },
    { id: 'run_id', type: 'string', description: 'The CI run (upload) the result belongs to' },
  ]);
  assert.ok(byId.get('errors')!.rowColumns!.some((c) => c.id === 'error_stack'));
  for (const id of ['run_diff', 'failure_clusters']) {
    assert.ok(!byId.get(id)!.shapes.includes('rows') && byId.get(id)!.rowColumns === undefined, id);
  }
  assert.deepEqual(byId.get('run_diff')!.shapes, ['table', 'single']);
});
