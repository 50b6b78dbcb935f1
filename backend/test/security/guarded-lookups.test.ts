/**
 * Routes that act on one test or one run used to resolve it with SQL of their
 * own (tenant predicate only). They now read through the query compiler under
 * the caller's identity: a test or run outside the caller's row policies is a
 * 404 like a missing one, and a masked name can neither be probed nor leak.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFixture, bearer, grafanaUser, type Fixture } from '../queries/fixture.ts';

let f: Fixture;
before(async () => { f = await startFixture(); });
after(() => f.t.close());

const admin = (method: 'POST' | 'DELETE' | 'GET', url: string, payload?: Record<string, unknown>) =>
  f.t.app.inject({ method, url, headers: bearer(f.acme.keys.admin), ...(payload ? { payload } : {}) });
/** Editor "ed" is limited to project web by a row policy; "eve" is an Editor under no policy. */
const ed = () => grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');
const eve = () => grafanaUser(f.acme.keys.grafana, 2, 'eve', 'Editor');
const as = (headers: Record<string, string>, method: 'POST' | 'DELETE' | 'GET', url: string, payload?: Record<string, unknown>) =>
  f.t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

async function withPolicy<T>(body: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  const pol = await admin('POST', '/api/v1/policies', body);
  assert.equal(pol.statusCode, 201, pol.body);
  try { return await fn(); } finally {
    assert.equal((await admin('DELETE', `/api/v1/policies/${pol.json().id}`)).statusCode, 204);
  }
}

async function withMask<T>(body: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  const mask = await admin('POST', '/api/v1/masking-rules', body);
  assert.equal(mask.statusCode, 201, mask.body);
  try { return await fn(); } finally {
    assert.equal((await admin('DELETE', `/api/v1/masking-rules/${mask.json().id}`)).statusCode, 204);
  }
}

const WEB_ONLY = { name: 'ed sees web', condition: [{ field: 'project', op: 'in', value: ['web'] }], appliesTo: { users: ['ed'] } };

test('an Editor restricted to project web cannot quarantine, release or list tests of project api', async () => {
  // The admin resolves the api test once, to learn its stable id, then releases it again.
  const byAdmin = await admin('POST', '/api/v1/quarantine', { project: 'api', name: 'create user', reason: 'learn the id' });
  assert.equal(byAdmin.statusCode, 201, byAdmin.body);
  const apiTestId = byAdmin.json().testId as string;
  await withPolicy(WEB_ONLY, async () => {
    const byName = await as(ed(), 'POST', '/api/v1/quarantine', { project: 'api', name: 'create user', reason: 'x' });
    assert.equal(byName.statusCode, 404, byName.body);
    const missing = await as(ed(), 'POST', '/api/v1/quarantine', { project: 'api', name: 'no such test', reason: 'x' });
    assert.equal(missing.statusCode, 404);
    assert.equal(byName.json().code, missing.json().code, 'outside the policy looks exactly like missing');
    const byId = await as(ed(), 'POST', '/api/v1/quarantine', { project: 'api', testId: apiTestId, reason: 'x' });
    assert.equal(byId.statusCode, 404, 'by id too: ' + byId.body);
    const unseen = await as(ed(), 'POST', '/api/v1/quarantine', { project: 'web', testId: 'never-ran', reason: 'x' });
    assert.equal(unseen.statusCode, 404, 'a restricted caller cannot quarantine a test id nothing proves is theirs');

    const release = await as(ed(), 'DELETE', `/api/v1/quarantine/${byAdmin.json().id}`);
    assert.equal(release.statusCode, 404, release.body);
    const list = await as(ed(), 'GET', '/api/v1/quarantine?project=api');
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json().tests, [], 'the CI list hides tests outside the policy');
    assert.doesNotMatch(list.body, /create user/);
    const adminList = await admin('GET', '/api/v1/quarantine?project=api');
    assert.deepEqual(adminList.json().tests.map((t: { name: string }) => t.name), ['create user']);

    const own = await as(ed(), 'POST', '/api/v1/quarantine', { project: 'web', name: 'login fails', reason: 'flaky in CI' });
    assert.equal(own.statusCode, 201, 'inside the policy it works: ' + own.body);
    assert.equal(own.json().name, 'login fails');
    const ownList = await as(ed(), 'GET', '/api/v1/quarantine?project=web');
    assert.deepEqual(ownList.json().tests.map((t: { name: string }) => t.name), ['login fails']);
    assert.equal((await as(ed(), 'DELETE', `/api/v1/quarantine/${own.json().id}`)).statusCode, 200);
  });
  const preemptive = await as(eve(), 'POST', '/api/v1/quarantine', { project: 'web', testId: 'never-ran', reason: 'x', name: 'future test' });
  assert.equal(preemptive.statusCode, 201, 'an unrestricted Editor may still quarantine a test id before it runs');
  assert.equal((await as(eve(), 'DELETE', `/api/v1/quarantine/${preemptive.json().id}`)).statusCode, 200);
  assert.equal((await admin('DELETE', `/api/v1/quarantine/${byAdmin.json().id}`)).statusCode, 200);
});

test('under a name mask, a raw name cannot be probed; the masked name the caller sees works and is what it gets back', async () => {
  await withMask({ field: 'name', method: 'hash', exemptRoles: ['Admin'] }, async () => {
    const probe = await as(eve(), 'POST', '/api/v1/quarantine', { project: 'web', name: 'login fails', reason: 'x' });
    assert.equal(probe.statusCode, 404, 'a raw name matches nothing: ' + probe.body);
    const seen = await f.t.app.inject({ method: 'GET', url: '/api/v1/values/test?dataset=results', headers: eve() });
    assert.equal(seen.statusCode, 200, seen.body);
    const masked = (seen.json().values as string[]);
    assert.equal(masked.length, 5, 'five test names in the tenant, all masked');
    assert.ok(masked.every((v) => /^[0-9A-F]{16}$/.test(v)), masked.join(','));
    let created: { id: string; name: string; testId: string } | undefined;
    for (const v of masked) {
      const r = await as(eve(), 'POST', '/api/v1/quarantine', { project: 'web', name: v, reason: 'by masked name' });
      if (r.statusCode === 201) { created = r.json(); break; }
      assert.equal(r.statusCode, 404, 'names of project api are not in project web: ' + r.body);
    }
    assert.ok(created, 'one of the masked names of project web resolves');
    assert.match(created.name, /^[0-9A-F]{16}$/, 'the response echoes the masked name');
    const mine = await as(eve(), 'GET', '/api/v1/quarantine?project=web');
    assert.deepEqual(mine.json().tests.map((t: { name: string }) => t.name), [created.name], 'the masked caller lists the masked name');
    const real = await admin('GET', '/api/v1/quarantine?project=web');
    const realName = real.json().tests[0].name as string;
    assert.ok(['login ok', 'login fails', 'skip me'].includes(realName), 'the record keeps the real name for exempt roles: ' + realName);
    assert.doesNotMatch(mine.body, new RegExp(realName));
    assert.equal((await admin('DELETE', `/api/v1/quarantine/${created.id}`)).statusCode, 200);
  });
});

test('GET /api/v1/runs/{id}: a run outside the caller\'s policies is 404; masked labels come back masked', async () => {
  const ingest = await f.t.app.inject({ method: 'POST', url: '/api/v1/runs', headers: bearer(f.acme.keys.ingest), payload: {
    runId: 'a9', project: 'web', branch: 'main', environment: 'prod', startedAt: '2026-11-22T10:00:00Z', finishedAt: '2026-11-22T10:01:00Z',
    labels: { owner_email: 'alice@acme.test', team: 'checkout' },
    results: [{ suite: 'login', name: 'login ok', status: 'passed', durationMs: 10 }, { suite: 'login', name: 'login fails', status: 'failed', durationMs: 20 }],
  } });
  assert.equal(ingest.statusCode, 201, ingest.body);
  await withPolicy(WEB_ONLY, async () => {
    const other = await as(ed(), 'GET', '/api/v1/runs/a2');
    assert.equal(other.statusCode, 404, other.body);
    assert.equal(other.json().code, (await as(ed(), 'GET', '/api/v1/runs/nope')).json().code);
    assert.doesNotMatch(other.body, /feature|staging|"project"/);
    const own = await as(ed(), 'GET', '/api/v1/runs/a9');
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().total, 2);
    assert.equal(own.json().failed, 1);
    assert.equal((await admin('GET', '/api/v1/runs/a2')).statusCode, 200, 'the policy does not apply to the admin key');
  });
  await withMask({ field: 'label:owner_email', method: 'redact', exemptRoles: ['Admin'] }, async () => {
    const viewer = await as(grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer'), 'GET', '/api/v1/runs/a9');
    assert.equal(viewer.statusCode, 200, viewer.body);
    assert.deepEqual(viewer.json().labels, { owner_email: '[redacted]', team: 'checkout' });
    assert.doesNotMatch(viewer.body, /alice@acme/);
    const plain = await as(grafanaUser(f.acme.keys.grafana, 2, 'vic', 'Viewer'), 'GET', '/api/v1/runs/a1');
    assert.deepEqual(plain.json().labels, {}, 'a run without the key does not grow a masked one');
    const exempt = await as(grafanaUser(f.acme.keys.grafana, 2, 'root', 'Admin'), 'GET', '/api/v1/runs/a9');
    assert.deepEqual(exempt.json().labels, { owner_email: 'alice@acme.test', team: 'checkout' });
  });
});

test('another tenant\'s run and test stay invisible through the new lookups', async () => {
  assert.equal((await f.t.app.inject({ method: 'GET', url: '/api/v1/runs/g1', headers: bearer(f.acme.keys.query) })).statusCode, 404);
  const r = await as(eve(), 'POST', '/api/v1/quarantine', { project: 'gx', name: 'gx test', reason: 'x' });
  assert.equal(r.statusCode, 404, r.body);
});

test('"evaluate now" runs for a restricted Editor but shows it no state counts', async () => {
  const m = await admin('POST', '/api/v1/monitors', { project: 'api', name: 'api monitor' });
  assert.equal(m.statusCode, 201, m.body);
  const asOf = '2026-11-22T00:00:00Z';
  await withPolicy(WEB_ONLY, async () => {
    const limited = await as(ed(), 'POST', '/api/v1/monitors/evaluate', { asOf });
    assert.equal(limited.statusCode, 200, limited.body);
    const entries = limited.json().evaluated as Record<string, unknown>[];
    assert.ok(entries.length > 0);
    assert.ok(entries.every((e) => !('states' in e) && !('testsEvaluated' in e)), limited.body);
    const open = await as(eve(), 'POST', '/api/v1/monitors/evaluate', { asOf });
    assert.ok((open.json().evaluated as Record<string, unknown>[]).every((e) => typeof e.testsEvaluated === 'number'), open.body);
  });
  assert.equal((await admin('DELETE', `/api/v1/monitors/${m.json().id}`)).statusCode, 204);
});
