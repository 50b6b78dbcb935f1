import { column } from '../ast/column.ts';
import { compare } from '../ast/compare.ts';
import { namedParam } from '../ast/param.ts';
import type { SelectNode } from '../ast/select.ts';
import { QueryCompileError } from '../errors.ts';
import { addPerTableReference } from './per-table.ts';

/**
 * Adds `tenant_id = {tenant:String}` at every table reference and marks each
 * reference as guarded (the printer refuses unmarked ones). Fails closed: no
 * tenant in context → QUERY_NO_TENANT, nothing is printed. Runs LAST among the
 * passes that touch sources, so nothing added afterwards escapes it.
 */
export function tenantGuardPass(s: SelectNode, tenantId: string | undefined): SelectNode {
  if (typeof tenantId !== 'string' || tenantId.trim() === '') {
    throw new QueryCompileError('QUERY_NO_TENANT', 'no tenant in context: refusing to compile');
  }
  const tenant = namedParam('tenant', tenantId);
  return addPerTableReference(s, () => compare('=', column('tenant_id'), tenant), 'tenant');
}
