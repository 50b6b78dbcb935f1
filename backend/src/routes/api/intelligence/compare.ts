/**
 * Run / commit / branch / window diffs and performance regressions: both
 * read the analytics store with the tenant from the key and hand the rows
 * to the pure comparers.
 */
import type { FastifyInstance } from 'fastify';
import { diffSidesSql, rowsToSides, type SideRow, type SideSelector } from '../../../intelligence/diff/sides-sql.ts';
import { diffResults } from '../../../intelligence/diff/diff.ts';
import { samplesSql, rowsToSeries, type Baseline, type SampleRow } from '../../../intelligence/regressions/samples-sql.ts';
import { detectRegressions, DEFAULT_REGRESSION_CONFIG, type Direction } from '../../../intelligence/regressions/detect.ts';
import { AppError } from '../../../errors/app-error.ts';
import { Problem, Project, READ_KINDS, TimeValue, parseTime, reader, window } from './access.ts';
import { requireUnrestrictedRead } from '../../../security/raw-read-guard.ts';

/** What the answers reveal, as compiler fields; both routes run hand-written SQL (tenant predicate only). */
const DIFF_PROBE = { dataset: 'results', fields: ['project', 'suite', 'test', 'branch'], instead: 'the run_diff dataset through POST /api/v1/query' };
const REGRESSIONS_PROBE = { dataset: 'results', fields: ['project', 'suite', 'test', 'branch'], instead: 'the regressions dataset through POST /api/v1/query' };

type SideInput = { run?: string; commit?: string; branch?: string; from?: string | number; to?: string | number };
const Side = {
  type: 'object', additionalProperties: false,
  properties: { run: { type: 'string', maxLength: 128 }, commit: { type: 'string', maxLength: 64 }, branch: { type: 'string', maxLength: 500 }, from: TimeValue, to: TimeValue },
};
const Window = { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: TimeValue, to: TimeValue } };

function selector(s: SideInput, field: string): SideSelector {
  if (s.run) return { kind: 'run', runId: s.run };
  if (s.commit) return { kind: 'commit', sha: s.commit };
  const from = parseTime(s.from, `${field}.from`);
  const to = parseTime(s.to, `${field}.to`);
  window(from, to);
  return s.branch ? { kind: 'branch', branch: s.branch, from, to } : { kind: 'window', from, to };
}

/** Metrics where a drop is the regression. */
const LOWER_IS_WORSE = new Set(['throughput', 'fps', 'requests_per_second']);

export default async function compareRoutes(app: FastifyInstance) {
  const schema = (summary: string, body: Record<string, unknown>) => ({ tags: ['intelligence'], summary, security: [{ bearer: [] }], body, response: { '4xx': Problem } });

  app.post<{ Body: { project: string; before: SideInput; after: SideInput } }>('/api/v1/diff', { config: READ_KINDS, schema: schema('Compare two runs, commits, branches or windows', {
    type: 'object', additionalProperties: false, required: ['project', 'before', 'after'], properties: { project: Project, before: Side, after: Side },
  }) }, async (request) => {
    await requireUnrestrictedRead(request, DIFF_PROBE);
    const { tenant } = reader(request);
    const { project, before, after } = request.body;
    const sql = diffSidesSql(tenant, project, selector(before, 'before'), selector(after, 'after'));
    const sides = rowsToSides(await app.services.analytics.query<SideRow>(sql.sql, sql.params));
    return { project, ...diffResults(sides.before, sides.after) };
  });

  app.post<{ Body: { project: string; level: 'test' | 'suite' | 'metric'; metric?: string; baseline: { from?: string | number; to?: string | number; runIds?: string[] }; current: { from: string | number; to: string | number }; branch?: string; threshold?: number } }>(
    '/api/v1/regressions',
    { config: READ_KINDS, schema: schema('Performance regressions against a baseline period or pinned runs', {
      type: 'object', additionalProperties: false, required: ['project', 'level', 'baseline', 'current'],
      properties: {
        project: Project, level: { type: 'string', enum: ['test', 'suite', 'metric'] }, metric: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,100}$' },
        baseline: { type: 'object', additionalProperties: false, properties: { from: TimeValue, to: TimeValue, runIds: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string', maxLength: 128 } } } },
        current: Window, branch: { type: 'string', maxLength: 500 }, threshold: { type: 'number', minimum: 0.01, maximum: 10 },
      },
    }) },
    async (request) => {
      await requireUnrestrictedRead(request, REGRESSIONS_PROBE);
      const { tenant } = reader(request);
      const b = request.body;
      const current = { from: parseTime(b.current.from, 'current.from'), to: parseTime(b.current.to, 'current.to') };
      window(current.from, current.to);
      let baseline: Baseline;
      if (b.baseline.runIds) baseline = { kind: 'runs', runIds: b.baseline.runIds };
      else {
        baseline = { kind: 'period', from: parseTime(b.baseline.from, 'baseline.from'), to: parseTime(b.baseline.to, 'baseline.to') };
        window(baseline.from, baseline.to);
      }
      if (b.level === 'metric' && !b.metric) {
        throw new AppError('VALIDATION_FAILED', 'level "metric" needs a metric name.', { extra: { field: 'metric' } });
      }
      const metric = b.level === 'metric' ? b.metric! : 'duration_ms';
      const sql = samplesSql({ tenant, project: b.project, level: b.level, ...(b.metric ? { metric: b.metric } : {}), baseline, current, ...(b.branch ? { branch: b.branch } : {}) });
      const rows = await app.services.analytics.query<SampleRow>(sql.sql, sql.params);
      const direction: Direction = LOWER_IS_WORSE.has(metric) ? 'lower_is_worse' : 'higher_is_worse';
      const series = rowsToSeries(rows, metric).map((s) => ({ ...s, direction }));
      const findings = detectRegressions(series, { ...DEFAULT_REGRESSION_CONFIG, ...(b.threshold ? { threshold: b.threshold } : {}) });
      const count = (status: string) => findings.filter((f) => f.status === status).length;
      return {
        project: b.project, level: b.level, metric, seriesCompared: series.length,
        counts: { regressed: count('regressed'), improved: count('improved'), unchanged: count('unchanged'), insufficient: count('insufficient') },
        regressions: findings.filter((f) => f.status === 'regressed').map((f) => ({ ...f, confidence: 1 - f.qValue })),
        improvements: findings.filter((f) => f.status === 'improved'),
      };
    },
  );
}
