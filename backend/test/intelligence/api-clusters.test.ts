/**
 * Clusters, signature rules and owners applied at ingest, diffs and
 * regressions through the API on the real stores, with tenant isolation:
 * tenant B uploads the same kind of runs and sees none of A's data, and A's
 * rules do not touch B's signatures.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, bearer, type TestApp } from '../helpers/test-app.ts';
import { historyTimes, uploadHistory, type History, RUNS } from './api-history.ts';

let t: TestApp;
let a: Awaited<ReturnType<TestApp['tenant']>>['keys'];
let b: Awaited<ReturnType<TestApp['tenant']>>['keys'];
let h: History;

const call = (key: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...bearer(key), ...headers }, ...(payload === undefined ? {} : { payload: payload as never }) });

before(async () => {
  t = await startTestApp();
  a = (await t.tenant('clu-a')).keys;
  b = (await t.tenant('clu-b')).keys;
  h = historyTimes();
  // Rules first: they apply to what is ingested after them.
  const rules = await call(a.admin, 'PUT', '/api/v1/signature-rules', { rules: [{ pattern: '^TimeoutError: waited', signature: 'login-timeouts' }] });
  assert.equal(rules.statusCode, 200, rules.body);
  const co = await call(a.admin, 'PUT', '/api/v1/projects/web/codeowners', '# owners\n*  @everyone\n/src/checkout/ @team-checkout\nsrc/cart/** @team-cart @alice\n', { 'content-type': 'text/plain' });
  assert.equal(co.statusCode, 200, co.body);
  const pr = await call(a.admin, 'PUT', '/api/v1/projects/web/owner-rules', { rules: [{ pattern: 'src/perf/', owners: ['@perf'] }] });
  assert.equal(pr.statusCode, 200, pr.body);
  await uploadHistory(t, a.ingest, 'web', h);
  await uploadHistory(t, b.ingest, 'web', h, 3);
});
after(() => t.close());

const rows = async (tenantSlug: string, sql: string) => {
  const tenant = (await t.services.tenants.getBySlug(tenantSlug)).id;
  return t.services.analytics.query<Record<string, string>>(sql, { tenant });
};

test('owners are resolved at ingest from CODEOWNERS and path rules; an owner in the report wins', async () => {
  const owners = await rows('clu-a', `SELECT name, any(owner) AS o FROM test_results WHERE tenant_id = {tenant:String} AND name IN ('ok-1', 'flaky', 'fixed', 'broken', 'slow') GROUP BY name ORDER BY name`);
  assert.deepEqual(Object.fromEntries(owners.map((r) => [r.name, r.o])), {
    broken: '@explicit', fixed: '@team-cart @alice', flaky: '@team-checkout', 'ok-1': '@everyone', slow: '@perf',
  });
  const other = await rows('clu-b', `SELECT uniqExact(owner) AS n, any(owner) AS o FROM test_results WHERE tenant_id = {tenant:String} AND name != 'broken'`);
  assert.deepEqual(other.map((r) => ({ n: Number(r.n), o: r.o })), [{ n: 1, o: '' }]);
  const cfg = (await call(a.query, 'GET', '/api/v1/projects/web/owners')).json();
  assert.deepEqual(cfg.rules, [{ pattern: 'src/perf/', owners: ['@perf'] }]);
  assert.match(cfg.codeowners, /@team-cart/);
});

test('clusters: a tenant rule groups the varying timeouts under its name; other failures get hashes', async () => {
  const res = await call(a.query, 'GET', `/api/v1/clusters?project=web&from=${new Date(h.start - 60_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`);
  assert.equal(res.statusCode, 200, res.body);
  const clusters = res.json().clusters as Array<{ signature: string; failures: number; tests: number; runs: number; sample_tests: string[]; branches: string[] }>;
  const timeouts = clusters.find((c) => c.signature === 'login-timeouts')!;
  assert.equal(timeouts.failures, RUNS);
  assert.equal(timeouts.tests, 1);
  assert.deepEqual(timeouts.branches, ['main']);
  // The assertion failures of `fixed` differ only in a number: one hashed cluster of 10.
  const fixed = clusters.find((c) => c.sample_tests.includes('fixed'))!;
  assert.match(fixed.signature, /^[0-9a-f]{16}$/);
  assert.equal(fixed.failures, 10);

  // Tenant B: its own failures only, and A's rule does not apply to B.
  const other = (await call(b.query, 'GET', `/api/v1/clusters?project=web&from=${new Date(h.start - 60_000).toISOString()}`)).json().clusters as Array<{ signature: string; failures: number }>;
  assert.equal(other.find((c) => c.signature === 'login-timeouts'), undefined);
  assert.equal(other.reduce((n, c) => n + c.failures, 0), 3 + 3); // broken ×3, fixed ×3
});

test('signature rules: CRUD, unsafe patterns refused as problems, per tenant', async () => {
  assert.deepEqual((await call(a.query, 'GET', '/api/v1/signature-rules')).json().rules, [{ pattern: '^TimeoutError: waited', signature: 'login-timeouts' }]);
  assert.deepEqual((await call(b.query, 'GET', '/api/v1/signature-rules')).json().rules, []);
  const unsafe = await call(a.admin, 'POST', '/api/v1/signature-rules', { pattern: '(a+)+$', signature: 'x' });
  assert.equal(unsafe.statusCode, 400);
  assert.match(unsafe.headers['content-type'] as string, /problem\+json/);
  assert.equal(unsafe.json().reason, 'SIGNATURE_RULE_UNSAFE');
  assert.equal(unsafe.json().field, 'rules[1].pattern');
  assert.equal((await call(a.query, 'PUT', '/api/v1/signature-rules', { rules: [] })).statusCode, 403);
  const added = await call(a.admin, 'POST', '/api/v1/signature-rules', { pattern: 'socket hang up', signature: 'network', flags: 'i' });
  assert.equal(added.statusCode, 201);
  assert.equal(added.json().rules.length, 2);
  assert.equal((await call(b.admin, 'DELETE', '/api/v1/signature-rules')).statusCode, 204);
  assert.equal((await call(a.query, 'GET', '/api/v1/signature-rules')).json().rules.length, 2, 'B cleared only its own rules');
});

test('diff of the first and last run: new failures, fixed, still failing, added, removed, slower', async () => {
  const res = await call(a.query, 'POST', '/api/v1/diff', { project: 'web', before: { run: h.runId(0) }, after: { run: h.runId(RUNS - 1) } });
  assert.equal(res.statusCode, 200, res.body);
  const d = res.json();
  const names = (list: Array<{ name?: string; testId: string }>) => list.map((x) => x.name).sort();
  assert.deepEqual(names(d.newFailures), ['newfail']);
  assert.deepEqual(names(d.fixed), ['fixed']);
  assert.deepEqual(names(d.stillFailing), ['broken']);
  assert.deepEqual(names(d.added), ['added']);
  assert.deepEqual(names(d.removed), ['removed']);
  assert.deepEqual(names(d.slower), ['slow']);
  // B uploaded runs 0–2 only, with the same run ids: its diff sees its own run 0 and no run 23.
  const other = (await call(b.query, 'POST', '/api/v1/diff', { project: 'web', before: { run: h.runId(0) }, after: { run: h.runId(RUNS - 1) } })).json();
  assert.deepEqual([other.added, other.fixed, other.newFailures], [[], [], []]);
  assert.equal(other.removed.length, 26);
  const bad = await call(a.query, 'POST', '/api/v1/diff', { project: 'web', before: { from: 'yesterday' }, after: { run: 'x' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'before.from');
});

test('regressions: the test that doubled its duration is flagged with effect size and confidence', async () => {
  const iso = (i: number) => new Date(h.runStart(i)).toISOString();
  const res = await call(a.query, 'POST', '/api/v1/regressions', { project: 'web', level: 'test', baseline: { from: iso(0), to: iso(12) }, current: { from: iso(12), to: new Date(h.runStart(RUNS - 1) + 60_000).toISOString() } });
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json();
  assert.equal(r.regressions.length, 1, JSON.stringify(r.regressions));
  const [slow] = r.regressions;
  assert.ok(slow.relativeMedianChange > 0.9 && slow.relativeMedianChange < 1.1);
  assert.equal(slow.cliffsDelta, 1);
  assert.ok(slow.confidence > 0.99);
  const none = (await call(b.query, 'POST', '/api/v1/regressions', { project: 'web', level: 'test', baseline: { from: iso(0), to: iso(12) }, current: { from: iso(12), to: iso(RUNS) } })).json();
  assert.deepEqual(none.regressions, []);
  const bad = await call(a.query, 'POST', '/api/v1/regressions', { project: 'web', level: 'metric', baseline: { runIds: ['run-00'] }, current: { from: iso(0), to: iso(1) } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'metric');
});

test('the ingest cache is rebuilt from the metadata store (startup / other replicas)', async () => {
  const { ingestEnrichment } = await import('../../src/intelligence/service/ingest-context.ts');
  const tenant = (await t.services.tenants.getBySlug('clu-a')).id;
  ingestEnrichment.setSignatureRules(tenant, []);
  ingestEnrichment.setOwnerResolver(tenant, 'web', null);
  assert.equal(ingestEnrichment.signatureRules(tenant), undefined);
  assert.equal(ingestEnrichment.owner(tenant, 'web', 'src/cart/x.test.ts'), '');
  await t.services.intelligence.refreshIngestCache();
  assert.deepEqual(ingestEnrichment.signatureRules(tenant)?.map((r) => r.signature), ['login-timeouts', 'network']);
  assert.equal(ingestEnrichment.owner(tenant, 'web', 'src/cart/x.test.ts'), '@team-cart @alice');
  assert.equal(ingestEnrichment.owner(tenant, 'other-project', 'src/cart/x.test.ts'), '');
});
