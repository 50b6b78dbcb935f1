/**
 * The delivered export's message text: sizes in the reports' byte units
 * (formatWithUnit 'bytes', so e-mails of reports and exports read alike),
 * rows with separators, and the link with its expiry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportSummary } from '../../src/exports/delivery/message.ts';
import type { ExportJob } from '../../src/exports/types.ts';

const job = (bytes: number) =>
  ({ format: 'csv', compression: 'gzip', rowsWritten: 1234567, bytes }) as unknown as ExportJob;
const delivery = { scheduleName: 'Nightly', channels: [], window: null };
const link = { url: 'https://semantest.example/api/v1/downloads/t', expiresAt: '2026-11-29T00:00:00.000Z' };

test('the size reads in the reports\' byte units; rows, format and link are stated', () => {
  const text = (bytes: number) => exportSummary(job(bytes), delivery, link).text;
  assert.match(text(512), /^Size: 512 B$/m);
  assert.match(text(1536), /^Size: 1.5 KiB$/m);
  assert.match(text(418 * 2 ** 20), /^Size: 418 MiB$/m);
  assert.match(text(512), /^Rows: 1,234,567$/m);
  assert.match(text(512), /^Format: CSV \(gzip\)$/m);
  assert.match(text(512), /^Download: https:\/\/semantest\.example\/api\/v1\/downloads\/t$/m);
});
