/** Coded rendering errors; codes are stable strings callers may match on. */
export type RenderErrorCode = 'REPORT_FORMAT_UNSUPPORTED' | 'REPORT_SECTION_MISSING' | 'REPORT_RENDER_FAILED';

export class RenderError extends Error {
  constructor(
    readonly code: RenderErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'RenderError';
  }
}
