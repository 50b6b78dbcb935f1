import { ERROR_CODES, type ErrorCode } from './codes.ts';

/**
 * An error whose `detail` is safe to show to the caller. Anything that is not
 * an AppError is internal and is answered as a generic 500.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly extra: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    opts: { extra?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.title = ERROR_CODES[code].title;
    this.extra = opts.extra;
    this.headers = opts.headers;
  }
}

/** RFC 9457 problem details, as sent on the wire. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  [extension: string]: unknown;
}

export function toProblem(err: AppError, instance?: string): Problem {
  return {
    type: `https://semantest.dev/problems/${err.code.toLowerCase().replaceAll('_', '-')}`,
    title: err.title,
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(instance ? { instance } : {}),
    ...err.extra,
  };
}
