/**
 * Manual quarantine and release (audit trail in test_state_history), and the
 * CI endpoint: the quarantined tests of a project, cheap to call on every
 * build (one index read, ETag + max-age=30, 304 on If-None-Match).
 *
 * Row policies and masking (tenant isolation invariant): every test these
 * routes resolve or list is looked up through the query compiler under the
 * caller's identity (visible-tests.ts → query/test-lookup.ts), never with SQL
 * of their own. What a caller gets:
 *  - POST: `name` is matched against the name AS THE CALLER SEES IT. Under a
 *    `name` mask a raw name matches nothing (404; masked names cannot be
 *    probed), the masked value the caller sees on dashboards (hash, token)
 *    finds the test, and the response echoes the masked name. The record
 *    keeps the real name for those allowed to see it.
 *  - A test with no result the caller's row policies admit (another project,
 *    branch, …) answers 404 exactly like a missing test, by name or by
 *    testId. Only callers under no row policy may quarantine a testId that
 *    has no result yet (pre-emptive quarantine): for a restricted caller
 *    nothing proves that the test is theirs.
 *  - DELETE: releasing a quarantine of a test outside the caller's policies
 *    answers 404 like an unknown id.
 *  - GET (CI list): a restricted caller (including a CI key when a policy
 *    applies to everyone or to the service role) lists only the tests its
 *    policies admit, under masked names when a `name` rule applies; an
 *    unrestricted caller costs no analytics read.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../errors/app-error.ts';
import { quarantineTest, releaseTest } from '../../../intelligence/quarantine/transitions.ts';
import { newRecord } from '../../../intelligence/quarantine/model.ts';
import { loadRecords, saveRecord } from '../../../intelligence/store/records.ts';
import { Problem, CI_KINDS, Project, TimeValue, WRITE_KINDS, parseTime, reader, writer } from './access.ts';
import { storedNameOf, testView } from './visible-tests.ts';

interface Body { project: string; testId?: string; name?: string; reason: string; owner?: string; expiresAt?: string | number }
interface ActiveRow { id: string; test_id: string; name: string; reason: string; owner: string; created_by: string; source: string; created_at: Date; expires_at: Date | null }
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export default async function quarantineRoutes(app: FastifyInstance) {
  const schema = (summary: string, extra: Record<string, unknown>) => ({ tags: ['intelligence'], summary, security: [{ bearer: [] }], response: { '4xx': Problem }, ...extra });

  /**
   * Mirror the change into the analytics store now, so the query datasets (quarantined flag,
   * test_states) show it on the next read. Best effort: the periodic sync of changed tests
   * (SEMANTEST_MIRROR_EVERY_SECONDS) repairs a failure, so it never fails the request.
   */
  async function mirrorNow(tenant: string, project: string, testId: string): Promise<void> {
    await app.services.intelligence.mirror.mirrorTests(tenant, project, [testId]).catch((err: unknown) => {
      app.log.warn({ err, tenant, project }, 'quarantine mirror deferred to the periodic sync');
    });
  }

  /**
   * The test a quarantine request names, as the caller may see it (a name may be ambiguous across
   * suites). `name` is what the caller sees (masked or not); `storedName` is the real one for the record.
   */
  async function testFor(request: FastifyRequest, project: string, body: Body): Promise<{ testId: string; name: string; storedName: string }> {
    const view = await testView(request, body.testId ? { project, testIds: [body.testId], limit: 2 } : { project, name: body.name ?? '', limit: 2 });
    const rows = await view.run();
    if (rows.length === 0) {
      if (body.testId && !view.restricted) return { testId: body.testId, name: body.name ?? '', storedName: body.name ?? '' };
      throw new AppError('NOT_FOUND', body.testId ? `No test ${body.testId} in project ${project}.` : `No test named "${body.name}" in project ${project}.`);
    }
    if (rows.length > 1) throw new AppError('VALIDATION_FAILED', `The name "${body.name}" matches several tests; send testId.`, { extra: { field: 'name' } });
    const { testId, name } = rows[0]!;
    return { testId, name, storedName: view.masked ? await storedNameOf(request, view.ctx, project, testId) : name };
  }

  /** Whether the caller's row policies admit the test (always, for a caller under no policy: no read then). */
  async function mayActOn(request: FastifyRequest, project: string, testId: string): Promise<boolean> {
    const view = await testView(request, { project, testIds: [testId], limit: 1 });
    return !view.restricted || (await view.run()).length > 0;
  }

  /** The CI list as the caller may see it: only admitted tests, names as the caller sees them. */
  async function visibleActive(request: FastifyRequest, project: string, rows: ActiveRow[]): Promise<ActiveRow[]> {
    if (rows.length === 0) return rows;
    const view = await testView(request, { project, testIds: rows.map((r) => r.test_id), limit: rows.length });
    if (!view.restricted && !view.masked) return rows;
    const seen = new Map((await view.run()).map((t) => [t.testId, t.name]));
    return rows.filter((r) => seen.has(r.test_id)).map((r) => (view.masked ? { ...r, name: seen.get(r.test_id)! } : r));
  }

  app.post<{ Body: Body }>('/api/v1/quarantine', { config: WRITE_KINDS, schema: schema('Quarantine a test', {
    body: {
      type: 'object', additionalProperties: false, required: ['project', 'reason'],
      properties: { project: Project, testId: { type: 'string', maxLength: 200 }, name: { type: 'string', maxLength: 2000 }, reason: { type: 'string', minLength: 1, maxLength: 2000 }, owner: { type: 'string', maxLength: 200 }, expiresAt: TimeValue },
    },
  }) }, async (request, reply) => {
    const { tenant, actor } = writer(request, 'Editor');
    const body = request.body;
    if (!body.testId && !body.name) throw new AppError('VALIDATION_FAILED', 'Send testId or name.', { extra: { field: 'testId' } });
    const { testId, name, storedName } = await testFor(request, body.project, body);
    const now = Date.now();
    const expiresAt = body.expiresAt === undefined ? null : parseTime(body.expiresAt, 'expiresAt');
    const id = await app.services.metadata.transaction(async (tx) => {
      const before = (await loadRecords(tx, tenant, body.project, [testId])).get(testId) ?? { name: storedName, quarantineId: null, record: newRecord(testId) };
      if (!before.name) before.name = storedName;
      const after = quarantineTest(before.record, { reason: body.reason, owner: body.owner ?? '', by: actor, expiresAt }, now);
      return saveRecord(tx, tenant, body.project, before, after, now);
    });
    await mirrorNow(tenant, body.project, testId);
    return reply.status(201).send({ id, project: body.project, testId, name, reason: body.reason.trim(), owner: body.owner ?? '', expiresAt: iso(expiresAt === null ? null : new Date(expiresAt)), by: actor });
  });

  app.delete<{ Params: { id: string } }>('/api/v1/quarantine/:id', { config: WRITE_KINDS, schema: schema('Release a quarantine', {
    params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9]{1,18}$' } } },
  }) }, async (request) => {
    const { tenant, actor } = writer(request, 'Editor');
    const rows = await app.services.metadata.query<{ project: string; test_id: string }>(
      'SELECT project, test_id FROM quarantines WHERE tenant_id = $1 AND id = $2::bigint AND released_at IS NULL', [tenant, request.params.id]);
    const q = rows[0];
    // A quarantine of a test outside the caller's row policies is as unknown as a missing one.
    if (!q || !(await mayActOn(request, q.project, q.test_id))) throw new AppError('NOT_FOUND', `No active quarantine ${request.params.id}.`);
    const now = Date.now();
    await app.services.metadata.transaction(async (tx) => {
      const before = (await loadRecords(tx, tenant, q.project, [q.test_id])).get(q.test_id)!;
      await saveRecord(tx, tenant, q.project, before, releaseTest(before.record, actor, now), now);
    });
    await mirrorNow(tenant, q.project, q.test_id);
    return { id: request.params.id, released: true, project: q.project, testId: q.test_id };
  });

  app.get<{ Querystring: { project: string } }>('/api/v1/quarantine', { config: CI_KINDS, schema: schema('Quarantined tests of a project (for CI; cacheable)', {
    querystring: { type: 'object', required: ['project'], additionalProperties: false, properties: { project: Project } },
  }) }, async (request, reply) => {
    const { tenant } = reader(request);
    const rows = await app.services.metadata.query<ActiveRow>(
      `SELECT id::text AS id, test_id, name, reason, owner, created_by, source, created_at, expires_at FROM quarantines
        WHERE tenant_id = $1 AND project = $2 AND released_at IS NULL AND (expires_at IS NULL OR expires_at > now())
        ORDER BY test_id`, [tenant, request.query.project]).then((all) => visibleActive(request, request.query.project, all));
    const body = JSON.stringify({
      project: request.query.project,
      tests: rows.map((r) => ({ id: r.id, testId: r.test_id, name: r.name, reason: r.reason, owner: r.owner, by: r.created_by, source: r.source, since: iso(r.created_at), expiresAt: iso(r.expires_at) })),
    });
    const etag = `"${createHash('sha256').update(tenant).update('\0').update(body).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', 'private, max-age=30')
      // The answer depends on the forwarded Grafana user too (row policies, masking).
      .header('vary', 'authorization, x-grafana-user, x-grafana-email, x-grafana-role');
    const match = request.headers['if-none-match'];
    if (match && match.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return reply.status(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });
}
