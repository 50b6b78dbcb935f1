/** One readable validation problem: where (JSON pointer) and what. */
export interface QueryIssue {
  readonly path: string;
  readonly message: string;
}

/** Coded error of the model layer; `code` strings are stable API. */
export class QueryModelError extends Error {
  readonly code: 'QUERY_INVALID' | 'QUERY_UNSUPPORTED_VERSION';
  readonly issues: readonly QueryIssue[];
  constructor(code: QueryModelError['code'], message: string, issues: readonly QueryIssue[] = []) {
    super(message);
    this.name = 'QueryModelError';
    this.code = code;
    this.issues = issues;
  }
}
