import { draftProblem, emptyDraft, toCreateBody, toScheduleBody } from './exportQuery';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('toCreateBody', () => {
  it('builds a query-model v1 table query with the chosen range, format and compression', () => {
    const body = toCreateBody(
      {
        ...emptyDraft('results'),
        metrics: ['count', 'p95:duration_ms'],
        groupBy: ['suite', 'label:team'],
        filters: [
          { field: 'branch', op: '=', value: 'main' },
          { field: 'status', op: 'in', value: 'failed, broken ,' },
          { field: 'duration_ms', op: '>', value: '1500' },
          { field: 'owner', op: 'is_null', value: 'ignored' },
        ],
        range: '30d',
        format: 'parquet',
        compression: 'zstd',
        limit: '500000',
      },
      NOW
    );
    expect(body).toEqual({
      query: {
        version: 1,
        dataset: 'results',
        metrics: [{ fn: 'count' }, { fn: 'p95', field: 'duration_ms' }],
        groupBy: ['suite', 'label:team'],
        filters: [
          { field: 'branch', op: '=', value: 'main' },
          { field: 'status', op: 'in', value: ['failed', 'broken'] },
          { field: 'duration_ms', op: '>', value: 1500 },
          { field: 'owner', op: 'is_null' },
        ],
        timeRange: { from: NOW - 30 * 24 * 3600_000, to: NOW },
        shape: 'table',
      },
      format: 'parquet',
      compression: 'zstd',
      limit: 500000,
    });
  });

  it('leaves out what the backend defaults (no compression, no limit, no group-by, no filters)', () => {
    const body = toCreateBody(emptyDraft('runs'), NOW);
    expect(body).toEqual({
      query: {
        version: 1,
        dataset: 'runs',
        metrics: [{ fn: 'count' }],
        timeRange: { from: NOW - 7 * 24 * 3600_000, to: NOW },
        shape: 'table',
      },
      format: 'csv',
    });
  });
});

describe('pivot and schedules', () => {
  it('sends a pivot only for one of the chosen columns', () => {
    const d = { ...emptyDraft('results'), groupBy: ['suite', 'status'], pivot: 'status' };
    expect(toCreateBody(d, NOW).pivot).toEqual({ field: 'status' });
    expect(toCreateBody({ ...d, groupBy: ['suite'] }, NOW).pivot).toBeUndefined();
  });

  it('builds a schedule body without a fixed time window', () => {
    const d = {
      ...emptyDraft('results'),
      format: 'xml' as const,
      schedule: { enabled: true, name: ' Weekly ', cron: '0 6 * * 1', timezone: 'Europe/Berlin' },
    };
    expect(toScheduleBody(d)).toEqual({
      name: 'Weekly',
      cron: '0 6 * * 1',
      timezone: 'Europe/Berlin',
      query: { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], shape: 'table' },
      format: 'xml',
    });
    expect(draftProblem({ ...d, schedule: { ...d.schedule, name: '' } })).toBe(
      'A scheduled export needs a name and a cron expression.'
    );
  });
});

describe('draftProblem', () => {
  it('refuses drafts the backend would refuse anyway, with a reason', () => {
    expect(draftProblem(emptyDraft())).toBeNull();
    expect(draftProblem({ ...emptyDraft(), metrics: [] })).toBe('Pick at least one metric.');
    expect(draftProblem({ ...emptyDraft(), limit: '1.5' })).toBe('Row limit must be a positive whole number.');
    expect(draftProblem({ ...emptyDraft(), filters: [{ field: 'suite', op: '=', value: ' ' }] })).toBe(
      'Every filter needs a field and a value.'
    );
    expect(draftProblem({ ...emptyDraft(), filters: [{ field: 'suite', op: 'not_null', value: '' }] })).toBeNull();
  });
});
