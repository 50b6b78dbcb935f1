import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  excelFormat,
  excelValue,
  formatCell,
  formatDateTime,
  formatDuration,
  formatIsoInZone,
  formatWithUnit,
  wallClock,
} from '../../src/reports/render/format.ts';

test('units format as people read them', () => {
  assert.equal(formatWithUnit(93.44, 'percent'), '93.4%');
  assert.equal(formatWithUnit(0.934, 'percentunit'), '93.4%');
  assert.equal(formatWithUnit(1536, 'bytes'), '1.5 KiB');
  assert.equal(formatWithUnit(48213, 'short'), '48.2K');
  assert.equal(formatWithUnit(1234567, undefined), '1,234,567');
  assert.equal(formatWithUnit(-2.5, undefined), '-2.5');
});

test('durations scale from µs to days', () => {
  assert.equal(formatDuration(0), '0 ms');
  assert.equal(formatDuration(0.25), '250 µs');
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(1250), '1.25 s');
  assert.equal(formatDuration(125_000), '2m 05s');
  assert.equal(formatDuration(3 * 3600e3 + 12 * 60e3), '3h 12m');
  assert.equal(formatWithUnit(2, 's'), '2 s');
});

test('times are shown in the report time zone, across DST', () => {
  const summer = new Date(Date.UTC(2026, 6, 1, 12, 0));
  const winter = new Date(Date.UTC(2026, 11, 1, 12, 0));
  assert.equal(formatDateTime(summer, 'Europe/Berlin'), '2026-07-01 14:00');
  assert.equal(formatDateTime(winter, 'Europe/Berlin'), '2026-12-01 13:00');
  assert.equal(formatIsoInZone(winter, 'Asia/Kolkata'), '2026-12-01T17:30:00+05:30');
  assert.equal(formatIsoInZone(summer, 'America/New_York'), '2026-07-01T08:00:00-04:00');
  // The DST switch itself (Berlin, 2026-03-29 01:00 UTC).
  assert.equal(wallClock(new Date(Date.UTC(2026, 2, 29, 0, 59)), 'Europe/Berlin').hour, 1);
  assert.equal(wallClock(new Date(Date.UTC(2026, 2, 29, 1, 0)), 'Europe/Berlin').hour, 3);
});

test('cells and Excel values share the column metadata', () => {
  const dur = { name: 'd', type: 'number' as const, unit: 'ms' as const };
  assert.equal(formatCell(1500, dur, 'UTC'), '1.5 s');
  assert.equal(excelFormat(dur), '[h]:mm:ss.000');
  assert.equal(excelValue(86_400_000, dur, 'UTC'), 1);
  const t = { name: 't', type: 'time' as const };
  assert.equal(formatCell('2026-11-25 18:00:00', t, 'Europe/Berlin'), '2026-11-25 19:00:00');
  assert.deepEqual(
    excelValue(new Date(Date.UTC(2026, 10, 25, 18)), t, 'Europe/Berlin'),
    new Date(Date.UTC(2026, 10, 25, 19))
  );
  assert.equal(formatCell(true, { name: 'b', type: 'boolean' }, 'UTC'), 'yes');
});
