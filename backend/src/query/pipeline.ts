import type { SelectNode } from './ast/select.ts';
import type { CompileContext } from './context.ts';
import { maskingPass } from './passes/masking.ts';
import { rowPolicyPass } from './passes/row-policy.ts';
import { rollupPass, type RollupHints } from './passes/rollup.ts';
import { lowerMetricsPass } from './passes/lower-metrics.ts';
import { tenantGuardPass } from './passes/tenant-guard.ts';
import { limitsPass } from './passes/limits.ts';
import { addPerTableReference } from './passes/per-table.ts';
import { printSelect, type PrintedQuery } from './print/printer.ts';

export interface PipelineResult extends PrintedQuery {
  readonly appliedPolicies: readonly string[];
  readonly appliedMasks: readonly string[];
  readonly usedRollup: boolean;
}

/**
 * The fixed pass order. Each step's position is an invariant:
 *  masking (user expressions only) → row policies (raw, per table reference)
 *  → rollup selection (sees policy columns) → metric lowering (knows the source)
 *  → tenant guard (last to touch sources) → limits → print (refuses unguarded).
 */
export function runPipeline(select: SelectNode, ctx: CompileContext, hints: RollupHints, guard: 'tenant' | 'DANGEROUS_none'): PipelineResult {
  const masked = maskingPass(select, ctx);
  const policed = rowPolicyPass(masked.select, ctx);
  const rolled = rollupPass(policed.select, hints);
  const lowered = lowerMetricsPass(rolled.select);
  const guarded = guard === 'tenant'
    ? tenantGuardPass(lowered, ctx.tenantId)
    : addPerTableReference(lowered, () => undefined, 'DANGEROUS_none');
  const printed = printSelect(limitsPass(guarded));
  return { ...printed, appliedPolicies: policed.applied, appliedMasks: masked.applied, usedRollup: rolled.used };
}
