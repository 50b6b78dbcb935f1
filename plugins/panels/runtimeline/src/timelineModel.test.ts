import { FieldType, toDataFrame } from '@grafana/data';
import { buildStrips, sortStrips } from './timelineModel';

function frame(rows: Array<[string, string, number, string]>) {
  return toDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: rows.map((r) => r[2]) },
      { name: 'test', type: FieldType.string, values: rows.map((r) => r[0]) },
      { name: 'status', type: FieldType.string, values: rows.map((r) => r[1]) },
      { name: 'owner', type: FieldType.string, values: rows.map((r) => r[3]) },
    ],
  });
}

describe('buildStrips', () => {
  it('orders runs by time, marks flips between passing and failing and ignores skips', () => {
    const [strip] = buildStrips(
      [frame([
        ['t', 'failed', 3, '@qa'],
        ['t', 'passed', 1, ''],
        ['t', 'skipped', 2, ''],
        ['t', 'passed', 4, ''],
        ['t', 'passed_on_retry', 5, ''],
      ])],
      {},
      30
    );
    expect(strip!.runs.map((r) => [r.outcome, r.flip])).toEqual([
      ['passed', false],
      ['skipped', false],
      ['failed', true],
      ['passed', true],
      ['retried', false],
    ]);
    expect(strip!.owner).toBe('@qa');
    expect(strip!.flips).toBe(2);
    expect(strip!.failures).toBe(1);
    // (2 flips + 1 retry) / 4 decisive outcomes
    expect(strip!.flakiness).toBeCloseTo(0.75);
  });

  it('keeps only the most recent maxRuns outcomes and scores stable tests 0', () => {
    const rows: Array<[string, string, number, string]> = [];
    for (let i = 0; i < 10; i++) {
      rows.push(['stable', 'failed', i, 'x']);
    }
    const [strip] = buildStrips([frame(rows)], {}, 4);
    expect(strip!.runs.map((r) => r.time)).toEqual([6, 7, 8, 9]);
    expect(strip!.flakiness).toBe(0);
  });

  it('sorts by flakiness (desc) or by owner with unowned tests last', () => {
    const strips = buildStrips(
      [frame([
        ['a', 'passed', 1, 'zed'],
        ['a', 'passed', 2, 'zed'],
        ['b', 'passed', 1, ''],
        ['b', 'failed', 2, ''],
        ['c', 'failed', 1, 'amy'],
        ['c', 'passed_on_retry', 2, 'amy'],
      ])],
      {},
      30
    );
    expect(sortStrips(strips, 'flakiness').map((s) => s.test)).toEqual(['c', 'b', 'a']);
    expect(sortStrips(strips, 'owner').map((s) => s.test)).toEqual(['c', 'a', 'b']);
    expect(sortStrips(strips, 'name').map((s) => s.test)).toEqual(['a', 'b', 'c']);
  });
});
