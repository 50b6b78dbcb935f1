/**
 * Test states per project (healthy, flaky, broken, quarantined) with their
 * history and evidence. Tests never flagged have no stored state: they are
 * healthy and are not listed.
 */
import type { FastifyInstance } from 'fastify';
import { Problem, Project, READ_KINDS, reader } from './access.ts';
import { requireUnrestrictedRead } from '../../../security/raw-read-guard.ts';

/** The states come from the metadata store (tenant predicate only): callers under policies or masks use the dataset. */
const STATES_PROBE = { dataset: 'test_states', fields: ['project', 'test'], instead: 'the test_states dataset through POST /api/v1/query' };

interface StateRow {
  test_id: string; name: string; detected: string; detected_since: Date | null; state: string;
  last_evidence_at: Date | null; evaluated_at: Date; quarantine_id: string | null; reason: string | null;
  owner: string | null; expires_at: Date | null; quarantined_by: string | null;
}
interface HistoryRow { test_id: string; at: Date; from_state: string; to_state: string; reason: string; actor: string; evidence: string[]; note: string | null }

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const MAX_HISTORY = 20;

export default async function stateRoutes(app: FastifyInstance) {
  app.get<{ Querystring: { project: string; state?: string; testId?: string } }>(
    '/api/v1/tests/states',
    {
      config: READ_KINDS,
      schema: {
        tags: ['intelligence'], summary: 'Test states of a project with history and evidence', security: [{ bearer: [] }],
        querystring: {
          type: 'object', required: ['project'], additionalProperties: false,
          properties: { project: Project, state: { type: 'string', enum: ['healthy', 'flaky', 'broken', 'quarantined'] }, testId: { type: 'string', maxLength: 200 } },
        },
        response: { '4xx': Problem },
      },
    },
    async (request) => {
      await requireUnrestrictedRead(request, STATES_PROBE);
      const { tenant } = reader(request);
      const { project, state, testId } = request.query;
      const db = app.services.metadata;
      const rows = await db.query<StateRow>(
        `SELECT s.test_id, s.name, s.detected, s.detected_since, s.state, s.last_evidence_at, s.evaluated_at,
                q.id::text AS quarantine_id, q.reason, q.owner, q.expires_at, q.created_by AS quarantined_by
           FROM test_states s
           LEFT JOIN quarantines q ON q.tenant_id = $1 AND q.project = s.project AND q.test_id = s.test_id AND q.released_at IS NULL
          WHERE s.tenant_id = $1 AND s.project = $2 AND ($3::text IS NULL OR s.state = $3) AND ($4::text IS NULL OR s.test_id = $4)
          ORDER BY s.state, s.test_id LIMIT 5000`,
        [tenant, project, state ?? null, testId ?? null],
      );
      const history = await db.query<HistoryRow>(
        `SELECT test_id, at, from_state, to_state, reason, actor, evidence, note FROM (
           SELECT h.*, row_number() OVER (PARTITION BY test_id ORDER BY at DESC, id DESC) AS n
             FROM test_state_history h WHERE h.tenant_id = $1 AND h.project = $2 AND h.test_id = ANY($3)) x
          WHERE n <= ${MAX_HISTORY} ORDER BY test_id, at, n DESC`,
        [tenant, project, rows.map((r) => r.test_id)],
      );
      const byTest = new Map<string, HistoryRow[]>();
      for (const h of history) byTest.set(h.test_id, [...(byTest.get(h.test_id) ?? []), h]);
      return {
        project,
        tests: rows.map((r) => ({
          testId: r.test_id, name: r.name, state: r.state, detected: r.detected, detectedSince: iso(r.detected_since),
          lastEvidenceAt: iso(r.last_evidence_at), evaluatedAt: iso(r.evaluated_at),
          quarantine: r.quarantine_id ? { id: r.quarantine_id, reason: r.reason, owner: r.owner, expiresAt: iso(r.expires_at), by: r.quarantined_by } : null,
          history: (byTest.get(r.test_id) ?? []).map((h) => ({
            at: iso(h.at), from: h.from_state, to: h.to_state, reason: h.reason, actor: h.actor, evidence: h.evidence, ...(h.note ? { note: h.note } : {}),
          })),
        })),
      };
    },
  );
}
