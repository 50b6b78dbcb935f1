import { node } from './freeze.ts';

export type ParamType = 'String' | 'Array(String)' | 'Int64' | 'UInt64' | 'UInt32' | 'Float64';
export type ParamValue = string | number | readonly string[];

/** A value. The printer turns it into `{pN:Type}` and puts the value in the params object. */
export interface ParamNode {
  readonly kind: 'param';
  readonly type: ParamType;
  readonly value: ParamValue;
}

/**
 * A context value with a fixed parameter name (`{tenant:String}`, `{mkey:String}`):
 * stable names make the guard easy to see in SQL and to assert in tests.
 */
export interface NamedParamNode {
  readonly kind: 'named_param';
  readonly name: 'tenant' | 'mkey';
  readonly value: string;
}

export const param = (value: ParamValue, type: ParamType): ParamNode => {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite parameter');
  return node({ kind: 'param', type, value: Array.isArray(value) ? Object.freeze([...value]) : value });
};
export const str = (value: string): ParamNode => param(value, 'String');
export const namedParam = (name: NamedParamNode['name'], value: string): NamedParamNode =>
  node({ kind: 'named_param', name, value });
