/**
 * Coded compiler errors. Messages name fields and rules, never data values: an
 * error must not become a side channel for a masked or policy-hidden value.
 */
export type QueryErrorCode =
  | 'QUERY_INVALID'
  | 'QUERY_UNSUPPORTED_VERSION'
  | 'QUERY_NO_TENANT'
  | 'QUERY_UNGUARDED_TABLE'
  | 'QUERY_FORBIDDEN_DATASET'
  | 'QUERY_UNKNOWN_FIELD'
  | 'QUERY_FORBIDDEN_FUNCTION'
  | 'QUERY_FORBIDDEN_IDENTIFIER'
  | 'QUERY_BAD_POLICY'
  | 'QUERY_BAD_MASKING_RULE'
  | 'QUERY_NO_MASKING_KEY'
  | 'MASK_TOKEN_FORBIDDEN'
  | 'MASK_TOKEN_INVALID'
  | 'QUERY_INTERNAL';

export class QueryCompileError extends Error {
  readonly code: QueryErrorCode;
  /** true when the caller can fix it (4xx); false for invariant violations (5xx, not echoed). */
  readonly userFacing: boolean;
  /** Validation problems (path + message) when code is QUERY_INVALID. */
  readonly issues: readonly { path: string; message: string }[];
  constructor(code: QueryErrorCode, message: string, userFacing = true, issues: readonly { path: string; message: string }[] = []) {
    super(message);
    this.issues = issues;
    this.name = 'QueryCompileError';
    this.code = code;
    this.userFacing = userFacing;
  }
}
