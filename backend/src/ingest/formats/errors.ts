/**
 * The one error type report parsing throws. Every message is shown to the
 * uploader as-is, so it must say what is wrong with *their file* and how to
 * fix it — never echo internals (stack traces, parser class names).
 */

export type ReportFormatErrorCode =
  | 'INGEST_UNKNOWN_FORMAT'
  | 'INGEST_MALFORMED_REPORT'
  | 'INGEST_EMPTY_REPORT';

export class ReportFormatError extends Error {
  readonly code: ReportFormatErrorCode;

  constructor(code: ReportFormatErrorCode, message: string) {
    super(message);
    this.name = 'ReportFormatError';
    this.code = code;
  }
}

export function malformed(message: string): ReportFormatError {
  return new ReportFormatError('INGEST_MALFORMED_REPORT', message);
}

/** 1-based line and column of a character offset, for "at line L, column C". */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}
