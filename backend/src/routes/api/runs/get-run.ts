/**
 * GET /api/v1/runs/{runId} — a stored run with counts computed from its stored
 * results (final attempts only). Another tenant's run is simply not found.
 *
 * Read through the query compiler under the caller's identity
 * (query/run-lookup.ts): a run the caller's row policies do not admit is not
 * found either (404, indistinguishable from a missing run), the counts cover
 * only the results the policies admit (what a panel over the run would
 * count), and labels masked for the caller (`label:<key>` rules) come back
 * masked; a key masked with the `null` method is left out.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../errors/app-error.ts';
import { compileRunLookup, type CompiledRunLookup } from '../../../query/index.ts';
import { compileContext } from '../../../queries/context.ts';
import { toAppError } from '../../../queries/query-errors.ts';
import { requestAccess } from '../../../security/request-access.ts';
import { ProblemSchema } from '../ingest/accept.ts';

interface RunRow {
  run_id: string;
  project: string;
  source_format: string;
  ci_provider: string;
  build_id: string;
  build_url: string;
  commit_sha: string;
  branch: string;
  pull_request: string;
  environment: string;
  os: string;
  browser: string;
  shard: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
}

/** The run's labels as the caller may see them: unmasked keys as stored, masked keys with their masked value. */
function visibleLabels(row: Record<string, unknown>, c: CompiledRunLookup): Record<string, string> {
  const out = { ...((row.visible_labels ?? {}) as Record<string, string>) };
  c.maskedLabelKeys.forEach((k, i) => {
    const present = Number(row[`mp${i}`] ?? 0) === 1 || row[`mp${i}`] === true;
    const v = row[`ml${i}`];
    if (present && v !== null && v !== undefined) out[k] = String(v);
  });
  return out;
}

export default async function getRunRoute(app: FastifyInstance) {
  app.get<{ Params: { runId: string } }>(
    '/api/v1/runs/:runId',
    {
      config: { keyKinds: ['query', 'admin', 'grafana'] },
      schema: {
        tags: ['runs'],
        summary: 'A stored run with counts computed from its stored results',
        security: [{ bearer: [] }],
        params: { type: 'object', properties: { runId: { type: 'string', maxLength: 128 } }, required: ['runId'] },
        response: { '4xx': ProblemSchema },
      },
    },
    async (request) => {
      const ctx = compileContext(await requestAccess(request));
      let runs: Record<string, unknown>[], counts: Record<string, unknown>[], compiled: CompiledRunLookup;
      try {
        compiled = compileRunLookup(request.params.runId, ctx);
        [runs, counts] = await Promise.all([app.services.queries.execute(compiled.run), app.services.queries.execute(compiled.counts)]);
      } catch (err) {
        throw toAppError(err);
      }
      const row = runs[0];
      const run = row as unknown as RunRow | undefined;
      if (!run) throw new AppError('NOT_FOUND', `No run ${request.params.runId} in this tenant.`);
      const c = counts[0] ?? {};
      const n = (k: string) => Number(c[k] ?? 0);
      return {
        runId: run.run_id,
        project: run.project,
        format: run.source_format,
        ci: { provider: run.ci_provider, buildId: run.build_id, buildUrl: run.build_url },
        commitSha: run.commit_sha,
        branch: run.branch,
        pullRequest: run.pull_request,
        environment: run.environment,
        os: run.os,
        browser: run.browser,
        shard: run.shard,
        startedAt: new Date(run.started_at + 'Z').toISOString(),
        finishedAt: new Date(run.finished_at + 'Z').toISOString(),
        durationMs: Number(run.duration_ms),
        labels: visibleLabels(row!, compiled),
        total: n('total'),
        passed: n('passed'),
        failed: n('failed'),
        errors: n('errors'),
        skipped: n('skipped'),
        retriedAttempts: n('retried_attempts'),
      };
    },
  );
}
