/**
 * The buffered writer's own contract (the API tests read real records back
 * from chDB): batching, flush on close, and a failed insert keeping its batch.
 * The driver here only records inserts, so failures can be injected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditLog } from '../../src/audit/audit-log.ts';
import type { AnalyticsDriver } from '../../src/storage/analytics/driver.ts';

function recordingDriver(failFirst = 0) {
  const inserts: { table: string; rows: Record<string, unknown>[] }[] = [];
  let failures = failFirst;
  const driver = {
    kind: 'chdb',
    async insertJsonEachRow(table: string, body: Buffer) {
      if (failures-- > 0) throw new Error('store unavailable');
      const rows = body.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      inserts.push({ table, rows });
      return { rowsWritten: rows.length };
    },
  } as unknown as AnalyticsDriver;
  return { driver, inserts };
}

const entry = (action: string) => ({ tenantId: 't1', actor: 'alice', actorKind: 'user' as const, action, resource: 'results', outcome: 'success' as const, risk: 'low' as const, details: { rows: 1 } });

test('records are batched into one insert and written on close', async () => {
  const { driver, inserts } = recordingDriver();
  const log = new AuditLog(driver, 60_000);
  log.record(entry('query'));
  log.record(entry('values'));
  assert.equal(inserts.length, 0, 'nothing written before the flush interval');
  await log.close();
  assert.equal(inserts.length, 1);
  assert.equal(inserts[0]!.table, 'audit_log');
  assert.deepEqual(inserts[0]!.rows.map((r) => r.action), ['query', 'values']);
  assert.match(String(inserts[0]!.rows[0]!.at), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
  assert.equal(inserts[0]!.rows[0]!.details, '{"rows":1}');
});

test('a failed insert keeps its records, in order, for the next flush', async () => {
  const { driver, inserts } = recordingDriver(1);
  const log = new AuditLog(driver, 60_000);
  log.record(entry('first'));
  await assert.rejects(log.flush(), /store unavailable/);
  log.record(entry('second'));
  await log.flush();
  assert.deepEqual(inserts.flatMap((i) => i.rows.map((r) => r.action)), ['first', 'second']);
});

test('the timer flushes without an explicit call', async () => {
  const { driver, inserts } = recordingDriver();
  const log = new AuditLog(driver, 10);
  log.record(entry('timed'));
  while (inserts.length === 0) await new Promise((r) => setTimeout(r, 5));
  assert.equal(inserts[0]!.rows[0]!.action, 'timed');
  await log.close();
});
