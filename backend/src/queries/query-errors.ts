/**
 * Maps what can go wrong with one query to a per-query error a query editor
 * can show (or an AppError for single-query routes). Compiler errors carry
 * their own stable codes and value-free messages; engine errors are reduced to
 * the ClickHouse error name, because an engine message can quote data (a
 * masked value must never come back through an error).
 */
import { AppError } from '../errors/app-error.ts';
import { ERROR_CODES, type ErrorCode } from '../errors/codes.ts';
import { QueryCompileError } from '../query/index.ts';

export interface QueryError {
  code: string;
  message: string;
  status: number;
  issues?: readonly { path: string; message: string }[];
}

/** Raised by the service around a failed driver call, so the mapper knows the compile succeeded. */
export class QueryExecutionError extends Error {
  constructor(readonly engineName: string) {
    super(`the analytics store refused the query (${engineName})`);
  }
}


export function toQueryError(err: unknown): QueryError {
  if (err instanceof QueryCompileError) {
    if (!err.userFacing) return { code: 'QUERY_INTERNAL', message: 'internal query error', status: 500 };
    const status = err.code in ERROR_CODES ? ERROR_CODES[err.code as ErrorCode].status : 400;
    return { code: err.code, message: err.message, status, ...(err.issues.length ? { issues: err.issues } : {}) };
  }
  if (err instanceof QueryExecutionError) return { code: 'QUERY_EXECUTION_FAILED', message: err.message, status: 400 };
  if (err instanceof AppError) return { code: err.code, message: err.message, status: err.status };
  return { code: 'INTERNAL', message: 'internal error', status: 500 };
}

/** For routes answering one query: a coded AppError (internal ones stay a generic 500). */
export function toAppError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const q = toQueryError(err);
  if (q.code in ERROR_CODES && q.status < 500) {
    return new AppError(q.code as ErrorCode, q.message, q.issues ? { extra: { issues: q.issues } } : {});
  }
  return err instanceof QueryCompileError ? new Error('internal query error') : err;
}
