/**
 * Failure clusters (clustersSql) and the tenant's signature rules. Rules are
 * validated by compileRules (unsafe patterns → 400 SIGNATURE_RULE_UNSAFE),
 * stored, and take effect at ingest at once in this process (ingest cache).
 */
import type { FastifyInstance } from 'fastify';
import { clustersSql, type ClusterRow } from '../../../intelligence/signature/clusters-sql.ts';
import type { SignatureRule } from '../../../intelligence/signature/rules.ts';
import { Problem, Project, READ_KINDS, WRITE_KINDS, parseTime, reader, window, writer } from './access.ts';
import { requireUnrestrictedRead } from '../../../security/raw-read-guard.ts';

/** What the clusters answer reveals, as compiler fields (samples carry messages and test names). */
const CLUSTERS_PROBE = { dataset: 'errors', fields: ['project', 'branch', 'error_type', 'error_signature', 'error_message', 'test'], instead: 'the failure_clusters dataset through POST /api/v1/query' };

const DAY_MS = 86_400_000;
const Rule = {
  type: 'object', additionalProperties: false, required: ['pattern', 'signature'],
  properties: { pattern: { type: 'string', maxLength: 200 }, signature: { type: 'string', maxLength: 120 }, flags: { type: 'string', maxLength: 1 } },
};

export default async function clusterRoutes(app: FastifyInstance) {
  const schema = (summary: string, extra: Record<string, unknown> = {}) => ({ tags: ['intelligence'], summary, security: [{ bearer: [] }], response: { '4xx': Problem }, ...extra });

  app.get<{ Querystring: { project: string; from?: string; to?: string; branch?: string; limit?: number } }>('/api/v1/clusters', { config: READ_KINDS, schema: schema('Failure clusters of a project', {
    querystring: {
      type: 'object', required: ['project'], additionalProperties: false,
      properties: { project: Project, from: { type: 'string', maxLength: 40 }, to: { type: 'string', maxLength: 40 }, branch: { type: 'string', maxLength: 500 }, limit: { type: 'integer', minimum: 1, maximum: 10000 } },
    },
  }) }, async (request) => {
    // clustersSql is raw SQL (tenant predicate only): refuse callers under row policies or masking.
    await requireUnrestrictedRead(request, CLUSTERS_PROBE);
    const { tenant } = reader(request);
    const q = request.query;
    const to = parseTime(q.to, 'to', Date.now());
    const from = parseTime(q.from, 'from', to - 7 * DAY_MS);
    window(from, to);
    const sql = clustersSql({ tenant, project: q.project, from, to, ...(q.branch ? { branch: q.branch } : {}), ...(q.limit ? { limit: q.limit } : {}) });
    const rows = await app.services.analytics.query<ClusterRow>(sql.sql, sql.params);
    return {
      project: q.project, from: new Date(from).toISOString(), to: new Date(to).toISOString(),
      clusters: rows.map((r) => ({ ...r, failures: Number(r.failures), tests: Number(r.tests), runs: Number(r.runs) })),
    };
  });

  app.get('/api/v1/signature-rules', { config: READ_KINDS, schema: schema('The tenant\'s signature rules (first match wins)') }, async (request) => {
    const { tenant } = reader(request);
    return { rules: await app.services.intelligence.rules.signatureRules(tenant) };
  });

  app.put<{ Body: { rules: SignatureRule[] } }>('/api/v1/signature-rules', { config: WRITE_KINDS, schema: schema('Replace the tenant\'s signature rules', {
    body: { type: 'object', additionalProperties: false, required: ['rules'], properties: { rules: { type: 'array', maxItems: 200, items: Rule } } },
  }) }, async (request) => {
    const { tenant, actor } = writer(request, 'Admin');
    await app.services.intelligence.setSignatureRules(tenant, request.body.rules, actor);
    return { rules: request.body.rules };
  });

  app.post<{ Body: SignatureRule }>('/api/v1/signature-rules', { config: WRITE_KINDS, schema: schema('Append one signature rule', { body: Rule }) }, async (request, reply) => {
    const { tenant, actor } = writer(request, 'Admin');
    const rules = [...(await app.services.intelligence.rules.signatureRules(tenant)), request.body];
    await app.services.intelligence.setSignatureRules(tenant, rules, actor);
    return reply.status(201).send({ rules });
  });

  app.delete('/api/v1/signature-rules', { config: WRITE_KINDS, schema: schema('Remove all signature rules') }, async (request, reply) => {
    const { tenant, actor } = writer(request, 'Admin');
    await app.services.intelligence.setSignatureRules(tenant, [], actor);
    return reply.status(204).send();
  });
}
