import type { ColumnNode } from './column.ts';
import type { LabelNode } from './label.ts';
import type { NamedParamNode, ParamNode } from './param.ts';
import type { CallNode } from './call.ts';
import type { CompareNode } from './compare.ts';
import type { AndNode, DenyAllNode, NotNode, OrNode } from './logic.ts';
import type { InSubqueryNode, NullNode } from './misc.ts';
import type { MetricNode } from './metric.ts';
import type { RefNode } from './ref.ts';
import type { LambdaNode } from './lambda.ts';

/** Every expression node. Switches over `kind` are exhaustive (see assertNever). */
export type Expr =
  | ColumnNode | LabelNode | ParamNode | NamedParamNode | CallNode | CompareNode
  | AndNode | OrNode | NotNode | DenyAllNode | NullNode | InSubqueryNode | MetricNode | RefNode | LambdaNode;

export function assertNever(x: never): never {
  throw new Error(`unhandled AST node ${JSON.stringify(x)}`);
}
