import { LIMITS } from '@semantest/query-model';
import { param } from '../ast/param.ts';
import { withSelect, type SelectNode } from '../ast/select.ts';
import { QueryCompileError } from '../errors.ts';

/**
 * Caps the outer LIMIT (defence in depth: the model caps it too) and refuses
 * selects wider than the model allows, whatever built them.
 */
export function limitsPass(s: SelectNode): SelectNode {
  if (s.projections.length > Math.max(1 + LIMITS.maxGroupBy + LIMITS.maxMetrics, LIMITS.maxColumns)) {
    throw new QueryCompileError('QUERY_INVALID', 'query too wide');
  }
  const current = s.limit?.kind === 'param' && typeof s.limit.value === 'number' ? s.limit.value : LIMITS.maxRows;
  return withSelect(s, { limit: param(Math.min(Math.max(1, Math.floor(current)), LIMITS.maxRows), 'UInt32') });
}
