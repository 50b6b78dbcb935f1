import { Type, type Static } from 'typebox';
import { FieldRef } from './fields.ts';
import { LIMITS } from './limits.ts';

export const FILTER_OPS = [
  '=', '!=', 'in', 'not_in', 'like', 'contains', 'regex', '<', '<=', '>', '>=', 'is_null', 'not_null',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** Ops whose value is a list; ops that take no value. Checked in validateQuery(). */
export const LIST_OPS: readonly FilterOp[] = ['in', 'not_in'];
export const NO_VALUE_OPS: readonly FilterOp[] = ['is_null', 'not_null'];

const Scalar = Type.Union([
  Type.String({ maxLength: LIMITS.maxValueLength }),
  Type.Number(),
  Type.Boolean(),
]);

export const FilterSchema = Type.Object(
  {
    field: FieldRef,
    op: Type.Enum(FILTER_OPS),
    value: Type.Optional(Type.Union([Scalar, Type.Array(Scalar, { maxItems: LIMITS.maxInValues })])),
  },
  { additionalProperties: false },
);
export type Filter = Static<typeof FilterSchema>;
export type FilterValue = NonNullable<Filter['value']>;
