import { node } from './freeze.ts';
import type { Expr } from './expr.ts';
import type { SelectNode } from './select.ts';

/**
 * How a table reference was secured. The printer refuses `unguarded`: only the
 * tenant-guard pass sets `tenant`, and only DANGEROUS_compileWithoutTenantGuard
 * sets `DANGEROUS_none`.
 */
export type GuardState = 'unguarded' | 'tenant' | 'DANGEROUS_none';

export interface TableNode {
  readonly kind: 'table';
  readonly name: string;
  readonly alias?: string;
  readonly guard: GuardState;
}

export interface SubqueryNode {
  readonly kind: 'subquery';
  readonly query: SelectNode;
  readonly alias: string;
}

/**
 * `left <type> JOIN right ON on`: the guard for `right` goes inside ON (LEFT JOIN safety).
 * `ASOF LEFT` matches each left row with the latest right row whose ON inequality holds
 * (used to find the quarantine period a result falls in).
 */
export interface JoinNode {
  readonly kind: 'join';
  readonly type: 'INNER' | 'LEFT' | 'ASOF LEFT';
  readonly left: Source;
  readonly right: TableNode | SubqueryNode;
  readonly on: Expr;
}

export type Source = TableNode | SubqueryNode | JoinNode;

export const table = (name: string, alias?: string, guard: GuardState = 'unguarded'): TableNode =>
  node(alias === undefined ? { kind: 'table', name, guard } : { kind: 'table', name, alias, guard });
export const subquery = (query: SelectNode, alias: string): SubqueryNode => node({ kind: 'subquery', query, alias });
export const join = (type: JoinNode['type'], left: Source, right: JoinNode['right'], on: Expr): JoinNode =>
  node({ kind: 'join', type, left, right, on });
