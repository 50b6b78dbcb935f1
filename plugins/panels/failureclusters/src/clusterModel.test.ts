import { FieldType, toDataFrame } from '@grafana/data';
import { buildClusters } from './clusterModel';

const frame = toDataFrame({
  fields: [
    { name: 'type', type: FieldType.string, values: ['A', 'A', 'A', 'B', 'A'] },
    { name: 'msg', type: FieldType.string, values: ['x', 'y', 'z', 'w', 'x'] },
    { name: 'n', type: FieldType.number, values: [5, 4, 1, 3, 2] },
    { name: 'tests', type: FieldType.number, values: [1, 2, 3, 4, 5] },
    { name: 'first', type: FieldType.time, values: [50, 10, 20, 30, 40] },
    { name: 'last', type: FieldType.time, values: [60, 70, 80, 90, 100] },
  ],
});

describe('buildClusters', () => {
  it('merges equal signatures and folds everything past maxTiles into one Other tile per type', () => {
    const m = buildClusters([frame], {}, 2);
    expect(m.total).toBe(15);
    expect(m.signatureCount).toBe(4);
    expect(m.groups.map((g) => [g.type, g.count])).toEqual([
      ['A', 12],
      ['B', 3],
    ]);
    const a = m.groups[0]!.signatures;
    // x merged from two rows: counts and tests add, first is the min, last the max.
    expect(a[0]).toEqual({ type: 'A', message: 'x', count: 7, tests: 6, firstSeen: 40, lastSeen: 100 });
    expect(a[1]!.message).toBe('y');
    expect(m.groups[1]!.signatures).toEqual([{ type: 'B', message: 'Other (1 signature)', count: 3, tests: 4, firstSeen: 30, lastSeen: 90, merged: 1 }]);
    expect(a[2]).toMatchObject({ message: 'Other (1 signature)', count: 1, merged: 1 });
  });
});
