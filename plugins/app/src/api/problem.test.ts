import { ApiError, toApiError } from './problem';

describe('toApiError', () => {
  it('keeps the problem+json code, detail and status of a backend refusal', () => {
    const e = toApiError({
      status: 409,
      data: {
        type: 'https://semantest.dev/problems/export-state-conflict',
        title: 'Conflict',
        status: 409,
        detail: 'The export is running.',
        code: 'EXPORT_STATE_CONFLICT',
      },
    });
    expect(e).toBeInstanceOf(ApiError);
    expect([e.code, e.message, e.status, e.title]).toEqual([
      'EXPORT_STATE_CONFLICT',
      'The export is running.',
      409,
      'Conflict',
    ]);
  });

  it('falls back to Grafana error bodies ({ message }) and to HTTP_<status>', () => {
    const e = toApiError({ status: 404, data: { message: 'Data source not found' }, statusText: 'Not Found' });
    expect([e.code, e.message]).toEqual(['HTTP_404', 'Data source not found']);
    expect(toApiError({ status: 502, data: 'bad gateway', statusText: 'Bad Gateway' }).message).toBe('Bad Gateway');
  });

  it('codes failures that never got an answer', () => {
    const e = toApiError(new TypeError('Failed to fetch'));
    expect([e.code, e.message, e.status]).toEqual(['NETWORK_ERROR', 'Failed to fetch', null]);
  });
});
