/**
 * GET /api/v1/runs/{runId} — a stored run with counts computed from its stored
 * results (final attempts only). Another tenant's run is simply not found.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../errors/app-error.ts';
import { requireAuth } from '../../../plugins/auth.ts';
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
  labels: Record<string, string>;
}

const RUN_SQL = `
SELECT run_id, project, source_format, ci_provider, build_id, build_url, commit_sha, branch, pull_request,
       environment, os, browser, shard, started_at, finished_at, duration_ms, labels
FROM test_runs
WHERE tenant_id = {tenant:String} AND run_id = {run:String}
LIMIT 1`;

const COUNTS_SQL = `
SELECT countIf(status = 'passed') AS passed, countIf(status = 'failed') AS failed,
       countIf(status = 'error') AS errors, countIf(status = 'skipped') AS skipped,
       count() AS total, countIf(attempt > 1) AS retried_attempts
FROM test_results
WHERE tenant_id = {tenant:String} AND run_id = {run:String} AND is_final = 1`;

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
      const { tenant } = requireAuth(request);
      const params = { tenant: tenant.id, run: request.params.runId };
      const [runs, counts] = await Promise.all([
        app.services.analytics.query<RunRow>(RUN_SQL, params),
        app.services.analytics.query<Record<string, string | number>>(COUNTS_SQL, params),
      ]);
      const run = runs[0];
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
        labels: run.labels,
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
