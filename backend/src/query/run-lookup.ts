import type { Expr } from './ast/expr.ts';
import { call } from './ast/call.ts';
import { column } from './ast/column.ts';
import { compare } from './ast/compare.ts';
import { label } from './ast/label.ts';
import { lambda } from './ast/lambda.ts';
import { conjoin, not } from './ast/logic.ts';
import { param, str } from './ast/param.ts';
import { ref } from './ast/ref.ts';
import { alias, select, type AliasNode } from './ast/select.ts';
import { table } from './ast/table.ts';
import type { CompileContext } from './context.ts';
import { ruleFor } from './passes/masking.ts';
import { runPipeline, type PipelineResult } from './pipeline.ts';

/** Plain run columns returned as they are stored (none of them is a maskable field). */
const RUN_COLUMNS = [
  'run_id', 'project', 'source_format', 'ci_provider', 'build_id', 'build_url', 'commit_sha', 'branch', 'pull_request',
  'environment', 'os', 'browser', 'shard', 'started_at', 'finished_at', 'duration_ms',
] as const;

export interface CompiledRunLookup {
  /** One row (or none): RUN_COLUMNS, `visible_labels` (the label map, masked keys left out; not named `labels`, which would shadow the column for `mp<i>`) and `ml<i>`/`mp<i>` per masked label key. */
  readonly run: PipelineResult;
  /** Label keys masked for this principal: row column `ml<i>` holds the masked value, `mp<i>` whether the run has the key. */
  readonly maskedLabelKeys: readonly string[];
  /** One row: passed, failed, errors, skipped, total, retried_attempts over the run's final attempts the caller may see. */
  readonly counts: PipelineResult;
}

/**
 * One stored run and its outcome counts (GET /api/v1/runs/{id}) under the
 * caller's tenant guard, row policies and masking: a run the policies do not
 * admit is not returned (callers answer 404, like another tenant's run), the
 * counts cover only the results the policies admit, and a label masked for the
 * caller comes back masked (`label:<key>` rules). The label map itself is not
 * a maskable field, so the masked keys are taken out of it in SQL and their
 * values are read through `label` nodes, which the masking pass rewrites.
 */
export function compileRunLookup(runId: string, ctx: CompileContext): CompiledRunLookup {
  const maskedLabelKeys = [...new Set(ctx.maskingRules.filter((r) => r.field.startsWith('label:')).map((r) => r.field.slice(6)))]
    .filter((k) => ruleFor(`label:${k}`, ctx) !== undefined).sort();
  const labels: Expr = maskedLabelKeys.length === 0
    ? column('labels')
    : call('mapFilter', [lambda(['k', 'v'], not(call('has', [param(maskedLabelKeys, 'Array(String)'), ref('k')]))), column('labels')]);
  const masked: AliasNode[] = maskedLabelKeys.flatMap((k, i) => [
    alias(label(k), `ml${i}`), alias(call('mapContains', [column('labels'), str(k)]), `mp${i}`),
  ]);
  const byRun = compare('=', column('run_id'), str(runId));
  const run = runPipeline(select({
    projections: [...RUN_COLUMNS.map((c) => alias(column(c), c)), alias(labels, 'visible_labels'), ...masked],
    from: table('test_runs'),
    where: byRun,
    limit: param(1, 'UInt32'),
  }), ctx, { timezone: 'UTC', rows: true }, 'tenant');
  const status = (s: string) => call('countIf', [compare('=', column('status'), str(s))]);
  const counts = runPipeline(select({
    projections: [
      alias(status('passed'), 'passed'), alias(status('failed'), 'failed'), alias(status('error'), 'errors'),
      alias(status('skipped'), 'skipped'), alias(call('count', []), 'total'),
      alias(call('countIf', [compare('>', column('attempt'), param(1, 'UInt32'))]), 'retried_attempts'),
    ],
    from: table('test_results'),
    where: conjoin([byRun, compare('=', column('is_final'), param(1, 'UInt32'))])!,
  }), ctx, { timezone: 'UTC', rows: true }, 'tenant');
  return { run, maskedLabelKeys, counts };
}
