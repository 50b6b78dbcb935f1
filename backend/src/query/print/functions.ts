import { QueryCompileError } from '../errors.ts';

/**
 * ClickHouse functions the compiler may emit. Anything else is refused at print
 * time, so even a bug in a pass cannot produce e.g. `file()` or `url()`.
 */
const ALLOWED = new Set([
  // aggregates
  'count', 'countIf', 'sum', 'avg', 'min', 'max', 'uniqExact', 'quantileExact', 'quantileExactMerge', 'any', 'argMax',
  'uniqExactMerge',
  // arithmetic and logic
  'divide', 'plus', 'nullIf', 'if', 'has', 'empty', 'notEmpty', 'mapContains', 'greater',
  // strings
  'match', 'positionCaseInsensitiveUTF8', 'lengthUTF8', 'substringUTF8', 'substring', 'concat', 'hex', 'SHA256',
  'base64Encode', 'encrypt', 'lower',
  // encryption at rest (passes/decrypt-fields.ts)
  'multiIf', 'startsWith', 'tryBase64Decode', 'tryDecrypt', 'unhex', 'ifNull',
  // time
  'toStartOfInterval', 'toIntervalDay', 'toIntervalHour', 'toIntervalMinute', 'toIntervalSecond', 'toIntervalMillisecond', 'toDateTime64', 'toUnixTimestamp64Milli',
  'fromUnixTimestamp64Milli', 'toStartOfDay',
  // run_diff (model/run-diff): per-side aggregates, medians and MADs of duration arrays, one row per change
  'argMaxIf', 'groupArrayIf', 'arraySort', 'arrayElement', 'arrayMap', 'arrayJoin', 'array', 'length', 'intDiv',
  'minus', 'multiply', 'abs', 'sqrt', 'tuple',
  // run lookup (run-lookup.ts): a run's labels without the keys masked for the caller
  'mapFilter',
]);

export function checkFunction(fn: string): string {
  if (!ALLOWED.has(fn)) throw new QueryCompileError('QUERY_FORBIDDEN_FUNCTION', `function ${fn} is not allowed`, false);
  return fn;
}
