/**
 * Erasure: delete a tenant's rows matching model filters (e.g. a person's name
 * in a label) from test_runs, test_results and perf_samples.
 *
 * The WHERE clause is produced by the query compiler's own pipeline (same
 * field allowlist, bound values, tenant guard), printed as a count; the
 * DELETE reuses exactly that WHERE and those params, so what a dry run counts
 * is what is deleted. A table that lacks a filtered field is left alone
 * (fail closed: erase less, never more). Lightweight DELETE (mutation); the
 * tenant's hourly rollup is then rebuilt from the remaining raw rows.
 */
import { validateQuery, type Filter } from '@semantest/query-model';
import { AppError } from '../errors/app-error.ts';
import { alias, select } from '../query/ast/select.ts';
import { call } from '../query/ast/call.ts';
import { conjoin } from '../query/ast/logic.ts';
import { table } from '../query/ast/table.ts';
import { fieldExpr } from '../query/model/field.ts';
import { filterExpr, toStringValue } from '../query/model/filter-expr.ts';
import { runPipeline } from '../query/pipeline.ts';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import { rebuildTenantRollup } from './rollup-rebuild.ts';

export const ERASABLE_TABLES = ['test_runs', 'test_results', 'perf_samples'] as const;
const DATASET_OF: Record<(typeof ERASABLE_TABLES)[number], string> = { test_runs: 'runs', test_results: 'results', perf_samples: 'perf' };

export interface ErasurePlan {
  table: string;
  count: { sql: string; params: Record<string, unknown> };
  where: string;
}

export function planErasure(tenantId: string, filters: readonly Filter[]): ErasurePlan[] {
  if (filters.length === 0) throw new AppError('VALIDATION_FAILED', 'erasure needs at least one filter (to drop a whole tenant, delete the tenant)');
  const check = validateQuery({ version: 1, dataset: 'results', metrics: [{ fn: 'count' }], filters, shape: 'single' });
  if (!check.ok && check.errors.some((e) => !/field/i.test(e.message))) {
    throw new AppError('VALIDATION_FAILED', `invalid filters: ${check.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  }
  const plans: ErasurePlan[] = [];
  for (const t of ERASABLE_TABLES) {
    const exprs = filters.map((f) => {
      const target = fieldExpr(t, f.field);
      if (!target) return undefined;
      const v = f.value;
      return filterExpr(target, v === undefined ? { op: f.op } : { op: f.op, value: Array.isArray(v) ? v.map(toStringValue) : toStringValue(v) });
    });
    if (exprs.some((e) => e === undefined)) continue;
    const s = select({ projections: [alias(call('count', []), 'n')], from: table(t), where: conjoin(exprs as NonNullable<(typeof exprs)[number]>[])! });
    const ctx = { tenantId, principal: { kind: 'service' as const, role: 'Admin' as const }, policies: [], maskingRules: [], tenantSettings: { denyByDefault: false, maskingKey: 'erasure' }, now: new Date() };
    // Rows, not rollup groups, are erased: a non-whole-hour interval hint keeps the rollup pass away
    // (the hourly rollup is not rewritten; it holds aggregates, no labels or messages).
    const out = runPipeline(s, ctx, { timezone: 'UTC', intervalMs: 1 }, 'tenant');
    const m = /^SELECT count\(\) AS `n` FROM `([a-z_]+)` WHERE (.+?)(?: LIMIT \{p\d+:UInt\d+\})?$/s.exec(out.sql);
    // Invariant: the printed WHERE reads the planned table and carries the tenant predicate.
    if (!m || m[1] !== t || !m[2]!.includes('{tenant:String}')) throw new Error(`erasure plan for ${t} did not print as expected`);
    plans.push({ table: t, count: { sql: out.sql, params: { ...out.params } }, where: m[2]! });
  }
  if (plans.length === 0) throw new AppError('VALIDATION_FAILED', `no table has all of the fields ${filters.map((f) => f.field).join(', ')} (${Object.values(DATASET_OF).join(', ')})`);
  return plans;
}

export async function runErasure(analytics: AnalyticsDriver, tenantId: string, filters: readonly Filter[], dryRun: boolean): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const p of planErasure(tenantId, filters)) {
    counts[p.table] = Number((await analytics.query<{ n: string | number }>(p.count.sql, p.count.params))[0]?.n ?? 0);
    if (!dryRun && counts[p.table]! > 0) await analytics.command(`DELETE FROM \`${p.table}\` WHERE ${p.where}`, p.count.params);
  }
  if (!dryRun && (counts.test_results ?? 0) > 0) await rebuildTenantRollup(analytics, tenantId);
  return counts;
}
