import { test } from 'node:test';
import assert from 'node:assert/strict';
import { squarify } from '../../src/reports/render/charts/squarify.ts';
import { niceTicks } from '../../src/reports/render/charts/axes.ts';
import { roles, slices, xyData } from '../../src/reports/render/charts/data.ts';
import { gaugeMax } from '../../src/reports/render/charts/gauge.ts';
import { scaleColor, thresholdColor } from '../../src/reports/render/charts/palette.ts';
import type { Column } from '../../src/reports/render/model.ts';

test('squarified treemap: areas proportional, inside the box, near-square', () => {
  const box = { x: 10, y: 20, w: 400, h: 200 };
  const items = [6, 6, 4, 3, 2, 2, 1].map((value, i) => ({ value, id: i }));
  const placed = squarify(items, box);
  assert.equal(placed.length, items.length);
  const total = items.reduce((a, i) => a + i.value, 0);
  for (const p of placed) {
    assert.ok(Math.abs(p.w * p.h - (p.item.value / total) * box.w * box.h) < 1e-6);
    assert.ok(
      p.x >= box.x - 1e-9 &&
        p.y >= box.y - 1e-9 &&
        p.x + p.w <= box.x + box.w + 1e-6 &&
        p.y + p.h <= box.y + box.h + 1e-6
    );
    assert.ok(Math.max(p.w / p.h, p.h / p.w) < 4, 'aspect ratio stays reasonable');
  }
  assert.deepEqual(squarify([{ value: 0 }], box), []);
});

test('nice ticks cover the range with round steps', () => {
  assert.deepEqual(niceTicks(0, 97), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(5, 5), [0, 2, 4, 6, 8, 10]);
  const t = niceTicks(-13, 42);
  assert.ok(t[0]! <= -13 && t.at(-1)! >= 42);
});

const cols: Column[] = [
  { name: 'day', type: 'time' },
  { name: 'suite', type: 'string' },
  { name: 'failures', type: 'number' },
];
const d1 = new Date(Date.UTC(2026, 0, 1));
const d2 = new Date(Date.UTC(2026, 0, 2));

test('long data pivots a dimension into series; wide data keeps one series per metric', () => {
  assert.deepEqual(roles(cols), { time: 0, dims: [1], metrics: [2] });
  const long = xyData(
    cols,
    [
      [d1, 'api', 3],
      [d1, 'web', 1],
      [d2, 'api', 5],
    ],
    'UTC'
  );
  assert.deepEqual(
    long.series.map((s) => [s.name, s.values]),
    [
      ['api', [3, 5]],
      ['web', [1, null]],
    ]
  );
  assert.equal(long.times!.length, 2);
  const wide = xyData(
    [
      { name: 's', type: 'string' },
      { name: 'p50', type: 'number' },
      { name: 'p95', type: 'number' },
    ],
    [
      ['a', 1, 2],
      ['b', 3, 4],
    ],
    'UTC'
  );
  assert.deepEqual(wide.labels, ['a', 'b']);
  assert.deepEqual(
    wide.series.map((s) => s.name),
    ['p50', 'p95']
  );
  assert.deepEqual(
    slices(
      cols,
      [
        [d1, 'api', 3],
        [d2, 'api', 4],
        [d1, 'web', 9],
      ],
      'UTC'
    ).slices,
    [
      { label: 'web', value: 9 },
      { label: 'api', value: 7 },
    ]
  );
});

test('thresholds colour values from their value upward; gauge ranges', () => {
  const th = [
    { value: 80, color: 'orange' },
    { value: 95, color: '#0f0' },
  ];
  assert.equal(thresholdColor(50, th), '#37872d');
  assert.equal(thresholdColor(85, th), '#fa6400');
  assert.equal(thresholdColor(99, th), '#00ff00');
  assert.equal(gaugeMax(42, 'percent', th), 100);
  assert.equal(gaugeMax(0.4, 'percentunit', undefined), 1);
  assert.equal(gaugeMax(10, undefined, [{ value: 50, color: 'red' }]), 60);
  assert.equal(scaleColor(0), '#f7fbff');
  assert.equal(scaleColor(1), '#08306b');
});
