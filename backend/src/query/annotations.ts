import { validateQuery, toEpochMs, type Filter } from '@semantest/query-model';
import type { Expr } from './ast/expr.ts';
import { call } from './ast/call.ts';
import { column } from './ast/column.ts';
import { compare } from './ast/compare.ts';
import { conjoin } from './ast/logic.ts';
import { param } from './ast/param.ts';
import { ref } from './ast/ref.ts';
import { alias, order, select } from './ast/select.ts';
import { table } from './ast/table.ts';
import type { CompileContext } from './context.ts';
import { QueryCompileError } from './errors.ts';
import { fieldExpr } from './model/field.ts';
import { filterExpr, toStringValue } from './model/filter-expr.ts';
import { timeRangeExpr } from './model/time.ts';
import { newFailuresSelect } from './new-failures.ts';
import { runPipeline, type PipelineResult } from './pipeline.ts';

export interface AnnotationsRequest {
  /** failed_runs: runs with failures/errors; new_failures: tests newly failing in the range (the one rule: query/new-failures.ts). */
  readonly kind: 'failed_runs' | 'new_failures';
  readonly timeRange: { from: number | string; to: number | string };
  readonly filters?: readonly Filter[];
  readonly limit?: number;
}

export interface CompiledAnnotations extends PipelineResult {
  readonly kind: AnnotationsRequest['kind'];
  /** SQL aliases: time, time_end (failed_runs), title, text, tags… see README. */
  readonly columns: readonly string[];
}

const ms = (e: Expr) => call('toUnixTimestamp64Milli', [e]);

/** Validates filters/range through the model (same rules as panels), then builds the select. */
export function compileAnnotationsQuery(req: AnnotationsRequest, ctx: CompileContext): CompiledAnnotations {
  const dataset = req.kind === 'failed_runs' ? 'runs' : 'results';
  const check = validateQuery({ version: 1, dataset, metrics: [{ fn: 'count' }], filters: req.filters ?? [], timeRange: req.timeRange, shape: 'table' });
  if (!check.ok) throw new QueryCompileError('QUERY_INVALID', 'invalid annotations request', true, check.errors);
  const fromMs = toEpochMs(req.timeRange.from), toMs = toEpochMs(req.timeRange.to);
  const tableName = req.kind === 'failed_runs' ? 'test_runs' : 'test_results';
  const filters = (req.filters ?? []).map((f) => {
    const target = fieldExpr(tableName, f.field);
    if (!target) throw new QueryCompileError('QUERY_UNKNOWN_FIELD', `unknown field ${f.field}`);
    const v = f.value;
    return filterExpr(target, v === undefined ? { op: f.op } : { op: f.op, value: Array.isArray(v) ? v.map(toStringValue) : toStringValue(v) });
  });
  const limit = param(Math.min(req.limit ?? 500, 1000), 'UInt32');
  const range = timeRangeExpr('started_at', fromMs, toMs);

  const s = req.kind === 'failed_runs'
    ? select({
      projections: [
        alias(ms(column('started_at')), 'time'), alias(ms(column('finished_at')), 'time_end'),
        alias(column('project'), 'title'), alias(column('branch'), 'branch'), alias(column('environment'), 'environment'),
        alias(column('failed'), 'failed'), alias(column('errors'), 'errors'), alias(column('run_id'), 'run_id'),
      ],
      from: table('test_runs'),
      where: conjoin([range, compare('>', call('plus', [column('failed'), column('errors')]), param(0, 'UInt64')), ...filters])!,
      orderBy: [order(ref('time'), 'ASC')],
      limit,
    })
    : newFailuresSelect(fromMs, toMs, filters, Math.min(req.limit ?? 500, 1000));
  const out = runPipeline(s, ctx, { timezone: 'UTC', fromMs, toMs }, 'tenant');
  return { ...out, kind: req.kind, columns: s.projections.map((p) => p.name) };
}
