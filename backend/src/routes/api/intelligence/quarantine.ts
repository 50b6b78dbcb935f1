/**
 * Manual quarantine and release (audit trail in test_state_history), and the
 * CI endpoint: the quarantined tests of a project, cheap to call on every
 * build (one index read, ETag + max-age=30, 304 on If-None-Match).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../errors/app-error.ts';
import { quarantineTest, releaseTest } from '../../../intelligence/quarantine/transitions.ts';
import { newRecord } from '../../../intelligence/quarantine/model.ts';
import { loadRecords, saveRecord } from '../../../intelligence/store/records.ts';
import { Problem, CI_KINDS, Project, TimeValue, WRITE_KINDS, parseTime, reader, writer } from './access.ts';

interface Body { project: string; testId?: string; name?: string; reason: string; owner?: string; expiresAt?: string | number }
interface ActiveRow { id: string; test_id: string; name: string; reason: string; owner: string; created_by: string; source: string; created_at: Date; expires_at: Date | null }
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export default async function quarantineRoutes(app: FastifyInstance) {
  const schema = (summary: string, extra: Record<string, unknown>) => ({ tags: ['intelligence'], summary, security: [{ bearer: [] }], response: { '4xx': Problem }, ...extra });

  /** The test id for a name, from the tenant's results (a name may be ambiguous across suites). */
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

  async function testIdFor(tenant: string, project: string, body: Body): Promise<{ testId: string; name: string }> {
    const rows = await app.services.analytics.query<{ test_id: string; test_name: string }>(
      `SELECT test_id, any(name) AS test_name FROM test_results
        WHERE tenant_id = {tenant:String} AND project = {project:String} AND ${body.testId ? 'test_id = {id:String}' : 'name = {name:String}'}
        GROUP BY test_id LIMIT 2`,
      { tenant, project, id: body.testId ?? '', name: body.name ?? '' },
    );
    if (rows.length === 0) {
      if (body.testId) return { testId: body.testId, name: body.name ?? '' };
      throw new AppError('NOT_FOUND', `No test named "${body.name}" in project ${project}.`);
    }
    if (rows.length > 1) throw new AppError('VALIDATION_FAILED', `The name "${body.name}" matches several tests; send testId.`, { extra: { field: 'name' } });
    return { testId: rows[0]!.test_id, name: rows[0]!.test_name };
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
    const { testId, name } = await testIdFor(tenant, body.project, body);
    const now = Date.now();
    const expiresAt = body.expiresAt === undefined ? null : parseTime(body.expiresAt, 'expiresAt');
    const id = await app.services.metadata.transaction(async (tx) => {
      const before = (await loadRecords(tx, tenant, body.project, [testId])).get(testId) ?? { name, quarantineId: null, record: newRecord(testId) };
      if (!before.name) before.name = name;
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
    if (!q) throw new AppError('NOT_FOUND', `No active quarantine ${request.params.id}.`);
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
        ORDER BY test_id`, [tenant, request.query.project]);
    const body = JSON.stringify({
      project: request.query.project,
      tests: rows.map((r) => ({ id: r.id, testId: r.test_id, name: r.name, reason: r.reason, owner: r.owner, by: r.created_by, source: r.source, since: iso(r.created_at), expiresAt: iso(r.expires_at) })),
    });
    const etag = `"${createHash('sha256').update(tenant).update('\0').update(body).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', 'private, max-age=30').header('vary', 'authorization');
    const match = request.headers['if-none-match'];
    if (match && match.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return reply.status(304).send();
    return reply.type('application/json; charset=utf-8').send(body);
  });
}
