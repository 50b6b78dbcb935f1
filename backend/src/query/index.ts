/**
 * Public surface of the query engine. Routes call these and nothing deeper.
 */
export { compileQuery, DANGEROUS_compileWithoutTenantGuard, parseOrThrow, type CompiledQuery } from './compile.ts';
export { compileValuesQuery, type ValuesOptions } from './values.ts';
export { compileAnnotationsQuery, type AnnotationsRequest, type CompiledAnnotations } from './annotations.ts';
export { compileTestLookup, type TestLookupRequest, type CompiledTestLookup } from './test-lookup.ts';
export { compileRunLookup, type CompiledRunLookup } from './run-lookup.ts';
export { toDataFrames } from './frames/to-frames.ts';
export type { DataFrameJSON, FrameField, FrameFormat } from './frames/types.ts';
export { resolveToken } from './token.ts';
export { QueryCompileError, type QueryErrorCode } from './errors.ts';
export { validatePolicy, validateMaskingRule, RowPolicySchema, MaskingRuleSchema } from './admin-validate.ts';
export type { CompileContext, Principal, RowPolicy, MaskingRule, MaskingMethod, MaskedField, TenantSettings, OrgRole } from './context.ts';
export type { OutputColumn } from './model/columns.ts';
