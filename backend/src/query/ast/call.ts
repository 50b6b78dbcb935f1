import { node } from './freeze.ts';
import type { Expr } from './expr.ts';

/**
 * A function call. `fn` must be in print/functions.ts's allowlist or the printer
 * refuses it. `levels` are the parametric-aggregate parameters: quantileExact(0.95)(x).
 */
export interface CallNode {
  readonly kind: 'call';
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly levels?: readonly Expr[];
}

export const call = (fn: string, args: readonly Expr[], levels?: readonly Expr[]): CallNode =>
  node(levels ? { kind: 'call', fn, args: [...args], levels: [...levels] } : { kind: 'call', fn, args: [...args] });
