import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let keys: Awaited<ReturnType<TestApp['tenant']>>['keys'];

before(async () => {
  t = await startTestApp({ 'ingest.bodyLimitBytes': 256 * 1024 });
  keys = (await t.tenant('ingest')).keys;
});
after(() => t.close());

const junit = (n: number, name = 'suite') =>
  `<?xml version="1.0"?><testsuite name="${name}" tests="${n}">${Array.from({ length: n }, (_, i) => `<testcase classname="c" name="t${i}" time="0.01">${i % 5 === 0 ? '<failure message="boom" type="AssertionError">stack</failure>' : ''}</testcase>`).join('')}</testsuite>`;

async function storedRows(): Promise<{ runs: number; results: number; perf: number }> {
  const q = async (table: string) =>
    Number((await t.services.analytics.query<{ c: string }>(`SELECT count() AS c FROM ${table}`))[0]!.c);
  return { runs: await q('test_runs'), results: await q('test_results'), perf: await q('perf_samples') };
}

const upload = (payload: string | Buffer, query = '', headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1/uploads${query}`, headers: { ...bearer(keys.ingest), 'content-type': 'application/xml', ...headers }, payload });

test('the same run id twice is stored once; the second answer says duplicate', async () => {
  const first = await upload(junit(10), '?runId=idem-1');
  const second = await upload(junit(10), '?runId=idem-1');
  assert.equal(first.statusCode, 201);
  assert.equal(second.statusCode, 200);
  assert.equal(second.json().status, 'duplicate');
  const rows = await t.services.analytics.query<{ c: string }>("SELECT count() AS c FROM test_results WHERE run_id = 'idem-1'");
  assert.equal(Number(rows[0]!.c), 10);
});

test('without a run id, the same content maps to the same run; different content to another', async () => {
  const a = await upload(junit(4, 'same'));
  const b = await upload(junit(4, 'same'));
  const c = await upload(junit(5, 'same'));
  assert.equal(a.json().runId, b.json().runId);
  assert.equal(b.json().status, 'duplicate');
  assert.notEqual(a.json().runId, c.json().runId);
});

test('concurrent duplicates inside one batch are stored once', async () => {
  const results = await Promise.all(Array.from({ length: 8 }, () => upload(junit(3, 'race'), '?runId=race-1')));
  assert.deepEqual(results.map((r) => r.json().status).sort(), ['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'stored']);
  const rows = await t.services.analytics.query<{ c: string }>("SELECT count() AS c FROM test_results WHERE run_id = 'race-1'");
  assert.equal(Number(rows[0]!.c), 3);
});

test('reusing a run id for different content is a 409 conflict and writes nothing', async () => {
  await upload(junit(2, 'orig'), '?runId=conflict-1');
  const before = await storedRows();
  const res = await upload(junit(3, 'other'), '?runId=conflict-1');
  assert.equal(res.statusCode, 409);
  assert.equal(res.json().code, 'INGEST_RUN_CONFLICT');
  assert.deepEqual(await storedRows(), before);
});

test('bad input: a clear problem, never a 500, and nothing written', async () => {
  const cases: Array<[string, () => Promise<{ statusCode: number; json(): { code: string; detail: string } }>, number, string]> = [
    ['truncated XML', () => upload(junit(3).slice(0, 80)), 400, 'INGEST_MALFORMED_REPORT'],
    ['empty file', () => upload(''), 400, 'INGEST_EMPTY_REPORT'],
    ['unknown XML', () => upload('<html><body>hi</body></html>'), 400, 'INGEST_UNKNOWN_FORMAT'],
    ['unknown format name', () => upload(junit(1), '?format=cobol'), 400, 'INGEST_UNKNOWN_FORMAT'],
    ['corrupt gzip file', () => upload(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3])), 400, 'INGEST_BAD_GZIP'],
    ['body over the limit', () => upload(junit(5000)), 413, 'BODY_TOO_LARGE'],
    ['truncated JSON run', () => t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: { ...bearer(keys.ingest), 'content-type': 'application/json' }, payload: '{"results":[{"name":' }), 400, 'INGEST_MALFORMED_JSON'],
    ['prototype poisoning', () => t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: { ...bearer(keys.ingest), 'content-type': 'application/json' }, payload: '{"results":[],"__proto__":{"isAdmin":true}}' }), 400, 'INGEST_MALFORMED_JSON'],
    ['JSON run with a wrong field', () => t.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { results: [{ name: 'x', status: 'green' }] }, headers: bearer(keys.ingest) }), 400, 'VALIDATION_FAILED'],
    ['JSON run with an unknown field', () => t.app.inject({ method: 'POST', url: '/api/v1/runs', payload: { results: [], tenantId: 'x' }, headers: bearer(keys.ingest) }), 400, 'VALIDATION_FAILED'],
    ['NDJSON with a broken line', () => t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: { ...bearer(keys.ingest), 'content-type': 'application/x-ndjson' }, payload: '{"kind":"run"}\n{"kind":"result","name":"a","status":"passed"}\n{oops' }), 400, 'INGEST_MALFORMED_JSON'],
    ['NDJSON without results', () => t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: { ...bearer(keys.ingest), 'content-type': 'application/x-ndjson' }, payload: '{"kind":"run"}\n' }), 400, 'INGEST_EMPTY_REPORT'],
    ['bad run metadata', () => upload(junit(1), '?runId=' + encodeURIComponent('bad id with spaces')), 400, 'VALIDATION_FAILED'],
    ['multipart without files', () => t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...bearer(keys.ingest), 'content-type': 'multipart/form-data; boundary=X' }, payload: '--X\r\nContent-Disposition: form-data; name="branch"\r\n\r\nmain\r\n--X--\r\n' }), 400, 'INGEST_NO_FILES'],
    // Multipart is parsed only on the upload route (encapsulated in app.ts).
    ['multipart to the JSON runs route', () => t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: { ...bearer(keys.ingest), 'content-type': 'multipart/form-data; boundary=X' }, payload: '--X\r\nContent-Disposition: form-data; name="branch"\r\n\r\nmain\r\n--X--\r\n' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ];
  const before = await storedRows();
  for (const [label, send, status, code] of cases) {
    const res = await send();
    assert.equal(res.statusCode, status, `${label}: ${JSON.stringify(res.json())}`);
    assert.equal(res.json().code, code, label);
    assert.ok(res.json().detail.length > 10, `${label} says what to fix`);
  }
  assert.deepEqual(await storedRows(), before, 'rejected requests wrote nothing');
});

test('XML entity expansion and external entities are refused', async () => {
  const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><testsuite name="x"><testcase name="&lol3;"/></testsuite>`;
  const xxe = `<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuite name="x"><testcase name="&x;"/></testsuite>`;
  for (const body of [bomb, xxe]) {
    const res = await upload(body, '?runId=entity-' + body.length);
    assert.notEqual(res.statusCode, 500);
    if (res.statusCode === 201) {
      const names = await t.services.analytics.query<{ name: string }>('SELECT name FROM test_results WHERE run_id = {r:String}', { r: 'entity-' + body.length });
      for (const { name } of names) {
        assert.ok(!name.includes('root:'), 'no file content');
        assert.ok(name.length < 100, 'no expansion');
      }
    } else {
      assert.equal(res.json().code, 'INGEST_MALFORMED_REPORT');
    }
  }
});

test('gzip bodies, multipart with several files and metadata fields form one run', async () => {
  const gz = await upload(gzipSync(junit(6, 'gz')), '?runId=gz-1', { 'content-encoding': 'gzip' });
  assert.equal(gz.statusCode, 201, gz.body);
  assert.equal(gz.json().counts.total, 6);
  const boundary = 'BOUNDARY123';
  const part = (name: string, filename: string | undefined, body: string | Buffer) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n`),
      Buffer.isBuffer(body) ? body : Buffer.from(body),
      Buffer.from('\r\n'),
    ]);
  const payload = Buffer.concat([
    part('branch', undefined, 'release/1.2'),
    part('runId', undefined, 'multi-1'),
    part('label.team', undefined, 'checkout'),
    part('a', 'unit.xml', junit(3, 'unit')),
    part('b', 'e2e.xml.gz', gzipSync(junit(4, 'e2e'))),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...bearer(keys.ingest), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual(res.json().runIds, ['multi-1']);
  const run = await t.app.inject({ method: 'GET', url: '/api/v1/runs/multi-1', headers: bearer(keys.query) });
  assert.equal(run.json().total, 7);
  assert.equal(run.json().branch, 'release/1.2');
  assert.equal(run.json().labels.team, 'checkout');
});

test('run metadata from headers and query; query wins', async () => {
  const res = await upload(junit(2, 'meta'), '?runId=meta-1&environment=qa&label.team=core', {
    'x-semantest-branch': 'main',
    'x-semantest-environment': 'prod',
    'x-semantest-commit-sha': 'abc123',
  });
  assert.equal(res.statusCode, 201);
  const run = (await t.app.inject({ method: 'GET', url: '/api/v1/runs/meta-1', headers: bearer(keys.query) })).json();
  assert.equal(run.branch, 'main');
  assert.equal(run.environment, 'qa');
  assert.equal(run.commitSha, 'abc123');
  assert.equal(run.labels.team, 'core');
});

test('JSON and NDJSON runs store results, retries and performance samples', async () => {
  const json = await t.app.inject({
    method: 'POST',
    url: '/api/v1/runs',
    headers: bearer(keys.ingest),
    payload: {
      runId: 'json-1',
      project: 'web',
      branch: 'main',
      results: [
        { suite: 's', name: 'retried', status: 'passed', durationMs: 12, retries: [{ status: 'failed', durationMs: 10, error: { type: 'TimeoutError', message: 'Timeout 5000ms exceeded' } }] },
        { suite: 's', name: 'broken', status: 'failed', error: { type: 'AssertionError', message: 'expected 1 to equal 2' } },
      ],
      perf: [{ metric: 'page_load_time', value: 1234, unit: 'ms' }],
    },
  });
  assert.equal(json.statusCode, 201, json.body);
  const attempts = await t.services.analytics.query<{ name: string; attempt: number; is_final: number; status: string; error_signature: string }>(
    "SELECT name, attempt, is_final, status, error_signature FROM test_results WHERE run_id = 'json-1' ORDER BY name, attempt",
  );
  assert.deepEqual(
    attempts.map((a) => [a.name, a.attempt, a.is_final, a.status]),
    [['broken', 1, 1, 'failed'], ['retried', 1, 0, 'failed'], ['retried', 2, 1, 'passed']],
  );
  assert.ok(attempts.every((a) => (a.status === 'failed' ? a.error_signature.length > 0 : a.error_signature === '')));
  const run = (await t.app.inject({ method: 'GET', url: '/api/v1/runs/json-1', headers: bearer(keys.query) })).json();
  assert.deepEqual([run.total, run.passed, run.failed], [2, 1, 1]);

  const nd = [
    JSON.stringify({ kind: 'run', runId: 'nd-1', project: 'api' }),
    ...Array.from({ length: 50 }, (_, i) => JSON.stringify({ kind: 'result', suite: 'bulk', name: `t${i}`, status: i % 10 ? 'passed' : 'skipped' })),
    JSON.stringify({ kind: 'perf', metric: 'cpu_usage', value: 42.5, unit: 'percent' }),
  ].join('\n');
  const ndRes = await t.app.inject({ method: 'POST', url: '/api/v1/results', headers: { ...bearer(keys.ingest), 'content-type': 'application/x-ndjson' }, payload: nd });
  assert.equal(ndRes.statusCode, 201, ndRes.body);
  assert.deepEqual(ndRes.json().counts, { total: 50, passed: 45, failed: 0, errors: 0, skipped: 5 });
  const perf = await t.services.analytics.query<{ c: string }>("SELECT count() AS c FROM perf_samples WHERE run_id = 'nd-1'");
  assert.equal(Number(perf[0]!.c), 1);
});

test('a flood of small requests is coalesced: few inserts, bounded part count', async () => {
  const parts = async () =>
    Number((await t.services.analytics.query<{ c: string }>("SELECT count() AS c FROM system.parts WHERE active AND table = 'test_results'"))[0]!.c);
  const batchesBefore = t.services.queue.stats.batchesWritten;
  const responses = await Promise.all(Array.from({ length: 300 }, (_, i) => upload(junit(2, `flood-${i}`), `?runId=flood-${i}`)));
  assert.ok(responses.every((r) => r.statusCode === 201));
  const batches = t.services.queue.stats.batchesWritten - batchesBefore;
  assert.ok(batches <= 75, `300 requests were written in ${batches} batches (group commit)`);
  assert.ok((await parts()) < 100, 'active parts stay bounded');
});

test('OpenAPI documents the routes from the validating schemas', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
  assert.ok(doc.paths['/api/v1/runs'].post.requestBody.content['application/json'].schema.properties.results);
  assert.ok(doc.paths['/api/v1/uploads'].post);
  assert.ok(doc.paths['/api/v1/runs/{runId}'].get);
  const health = await t.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(health.statusCode, 200);
  assert.equal((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
});
