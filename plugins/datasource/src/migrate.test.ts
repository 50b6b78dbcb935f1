import { migrateQuery, needsMigration } from './migrate';
import { QUERY_MODEL_VERSION } from './queryModel';
import type { SemantestQuery } from './types';

describe('query migration', () => {
  it('upgrades a pre-versioned (v0) saved query to the current model', () => {
    const saved = {
      refId: 'A', dataset: 'results', metric: 'avg', field: 'duration_ms', dimensions: ['branch'], interval: '5m', format: 'table',
      filters: [{ key: 'project', operator: '=', value: 'api' }], legendFormat: '{{branch}}',
    } as unknown as SemantestQuery;
    expect(needsMigration(saved)).toBe(true);
    const q = migrateQuery(saved);
    expect(q).toMatchObject({
      refId: 'A',
      version: QUERY_MODEL_VERSION,
      dataset: 'results',
      metrics: [{ fn: 'avg', field: 'duration_ms' }],
      groupBy: ['branch'],
      filters: [{ field: 'project', op: '=', value: 'api' }],
      shape: 'table',
      bucketIntervalMs: 300000,
      legendFormat: '{{branch}}',
    });
    for (const gone of ['metric', 'field', 'dimensions', 'interval', 'format']) {
      expect(q).not.toHaveProperty(gone);
    }
    expect(needsMigration(q)).toBe(false);
  });

  it('leaves current, newer, stream and annotation queries alone', () => {
    const current = { refId: 'A', version: 1, dataset: 'runs', metrics: [{ fn: 'count' }], groupBy: [], filters: [], shape: 'table' } as SemantestQuery;
    expect(migrateQuery(current)).toBe(current);
    const newer = { refId: 'A', version: 99 } as unknown as SemantestQuery;
    expect(migrateQuery(newer)).toBe(newer);
    const stream: SemantestQuery = { refId: 'B', queryType: 'stream' };
    expect(migrateQuery(stream)).toBe(stream);
  });
});
