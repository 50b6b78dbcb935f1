import { node } from './freeze.ts';
import type { Expr } from './expr.ts';

/**
 * `(x) -> body` for higher-order array functions (arrayMap). Parameters are
 * compiler-generated names, printed through the identifier escaper; the body is
 * an ordinary expression, so every pass (masking, policies) walks into it and
 * it refers to its parameters with `ref`.
 */
export interface LambdaNode { readonly kind: 'lambda'; readonly params: readonly string[]; readonly body: Expr }
export const lambda = (params: readonly string[], body: Expr): LambdaNode => node({ kind: 'lambda', params: [...params], body });
