import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDataFrames, type OutputColumn } from '../../src/query/index.ts';

const columns: OutputColumn[] = [
  { name: 'time', sqlName: 'time', type: 'time', role: 'time' },
  { name: 'project', sqlName: 'd0', type: 'string', role: 'dimension' },
  { name: 'p95_duration_ms', sqlName: 'm0', type: 'number', unit: 'ms', role: 'metric' },
];
// ClickHouse JSON quotes 64-bit integers
const rows = [
  { time: '1000', d0: 'web', m0: 5 }, { time: '1000', d0: 'api', m0: 7 }, { time: '2000', d0: 'web', m0: '6' },
];

test('long frames keep rows, convert quoted integers, carry units', () => {
  const [f] = toDataFrames({ refId: 'A', columns, shape: 'timeseries_long' }, rows);
  assert.deepEqual(f?.schema.fields.map((x) => [x.name, x.type, x.config.unit]), [['time', 'time', undefined], ['project', 'string', undefined], ['p95_duration_ms', 'number', 'ms']]);
  assert.deepEqual(f?.data.values, [[1000, 1000, 2000], ['web', 'api', 'web'], [5, 7, 6]]);
  assert.equal(f?.schema.refId, 'A');
});

test('wide frames: one time field, one number field per series with labels, nulls for gaps', () => {
  const [f] = toDataFrames({ columns, shape: 'timeseries_wide' }, rows);
  assert.deepEqual(f?.schema.fields.map((x) => x.labels ?? null), [null, { project: 'web' }, { project: 'api' }]);
  assert.deepEqual(f?.data.values, [[1000, 2000], [5, 6], [7, null]]);
});

test('numeric_multi (alerting): one frame per label set with the latest value', () => {
  const frames = toDataFrames({ columns, shape: 'timeseries_long' }, rows, 'numeric_multi');
  assert.deepEqual(frames.map((f) => [f.schema.fields[0]?.labels, f.data.values]), [[{ project: 'web' }, [[6]]], [{ project: 'api' }, [[7]]]]);
});

test('JSONCompact rows (arrays in projection order) work too', () => {
  const [f] = toDataFrames({ columns, shape: 'table' }, [['1000', 'web', null]]);
  assert.deepEqual(f?.data.values, [[1000], ['web'], [null]]);
});

test('table frames convert every cell like cell() does: quoted integers, nulls, non-numbers, strings from numbers', () => {
  const cols: OutputColumn[] = [
    { name: 'environment', sqlName: 'd0', type: 'string', role: 'dimension' },
    { name: 'count', sqlName: 'm0', type: 'number', role: 'metric' },
  ];
  const objects = [{ d0: 'prod', m0: '12345678901' }, { d0: 7, m0: null }, { d0: null, m0: 'nan' }, { m0: 2.5 }];
  const arrays = [['prod', '12345678901'], [7, null], [null, 'nan'], [undefined, 2.5]];
  for (const rs of [objects, arrays]) {
    const [f] = toDataFrames({ columns: cols, shape: 'table' }, rs);
    assert.deepEqual(f?.data.values, [['prod', '7', null, null], [12345678901, null, null, 2.5]]);
  }
  const [empty] = toDataFrames({ columns: cols, shape: 'table' }, []);
  assert.deepEqual(empty?.data.values, [[], []]);
});
