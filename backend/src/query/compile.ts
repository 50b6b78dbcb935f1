import { parseQuery, QueryModelError, toEpochMs, type Query, type Shape } from '@semantest/query-model';
import type { CompileContext } from './context.ts';
import { QueryCompileError } from './errors.ts';
import type { OutputColumn } from './model/columns.ts';
import { resolveQuery } from './model/resolve.ts';
import { runPipeline } from './pipeline.ts';

export interface CompiledQuery {
  readonly refId?: string;
  readonly dataset: string;
  readonly sql: string;
  /** Values for the `{name:Type}` placeholders; pass as query params to the driver. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly columns: readonly OutputColumn[];
  readonly shape: Shape;
  /** Row-policy ids applied (or `deny_by_default`). */
  readonly appliedPolicies: readonly string[];
  /** Masking rule ids applied. */
  readonly appliedMasks: readonly string[];
  readonly usedRollup: boolean;
}

/** migrate + validate, turning model errors into the compiler's coded error. */
export function parseOrThrow(input: unknown): Query {
  try {
    return parseQuery(input);
  } catch (e) {
    if (e instanceof QueryModelError) throw new QueryCompileError(e.code, e.message, true, e.issues);
    throw e;
  }
}

function compile(input: unknown, ctx: CompileContext, guard: 'tenant' | 'DANGEROUS_none'): CompiledQuery {
  const q = parseOrThrow(input);
  const resolved = resolveQuery(q, ctx.principal);
  const hints = {
    timezone: q.timezone ?? 'UTC',
    ...(q.shape === 'rows' ? { rows: true } : {}),
    ...(q.intervalMs !== undefined && q.shape.startsWith('timeseries') ? { intervalMs: q.intervalMs } : {}),
    ...(q.timeRange ? { fromMs: toEpochMs(q.timeRange.from), toMs: toEpochMs(q.timeRange.to) } : {}),
  };
  const out = runPipeline(resolved.select, ctx, hints, guard);
  return {
    ...(q.refId !== undefined ? { refId: q.refId } : {}),
    dataset: q.dataset,
    sql: out.sql,
    params: out.params,
    columns: resolved.columns,
    shape: resolved.shape,
    appliedPolicies: out.appliedPolicies,
    appliedMasks: out.appliedMasks,
    usedRollup: out.usedRollup,
  };
}

/**
 * THE entry point for every read of test data (panels, variables, reports,
 * exports, alerts). Accepts any model version (migrated), validates, resolves,
 * applies masking, row policies, rollup selection and the tenant guard, prints.
 * Throws QueryCompileError with a stable code.
 */
export function compileQuery(input: unknown, ctx: CompileContext): CompiledQuery {
  return compile(input, ctx, 'tenant');
}

/**
 * DANGEROUS: compiles with NO tenant predicate (policies and masking still
 * apply). For admin-level maintenance across tenants only; the product's read
 * paths must never call it. Grep for DANGEROUS_ in review.
 */
export function DANGEROUS_compileWithoutTenantGuard(input: unknown, ctx: Omit<CompileContext, 'tenantId'>): CompiledQuery {
  return compile(input, { ...ctx, tenantId: '' }, 'DANGEROUS_none');
}
