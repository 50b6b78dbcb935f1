/**
 * The sampler's own contract with the store faked (so failures and the clock can be driven):
 * a failed insert drops that interval instead of piling it up, idle tenants stop getting rows,
 * and stop() detaches both probes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IngestQueue } from '../../src/ingest/queue.ts';
import type { BatchWriter } from '../../src/ingest/writer.ts';
import { QueryService } from '../../src/queries/query-service.ts';
import type { AuditLog } from '../../src/audit/audit-log.ts';
import type { AnalyticsDriver } from '../../src/storage/analytics/driver.ts';
import { PlatformSampler } from '../../src/platform/sampler.ts';

function setup(failInserts = 0) {
  const inserted: Record<string, unknown>[][] = [];
  let failures = failInserts;
  const analytics = {
    kind: 'chdb',
    query: async () => [],
    async insertJsonEachRow(_table: string, body: Buffer) {
      if (failures-- > 0) throw new Error('store unavailable');
      inserted.push(body.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>));
      return { rowsWritten: 0 };
    },
  } as unknown as AnalyticsDriver;
  const queue = new IngestQueue({} as BatchWriter, { batchMaxRows: 10, batchMaxAgeMs: 10, minFlushIntervalMs: 0, maxQueuedRows: 100 });
  const queries = new QueryService(analytics, {} as AuditLog);
  let clock = 1_000_000;
  const sampler = new PlatformSampler({ analytics, queue, queries }, () => clock);
  const batch = (tenantId: string, results: number) => queue.emit('batch', { tenantId, runIds: ['r'], results, passed: results, failed: 0, skipped: 0, at: '' });
  return { sampler, queue, queries, inserted, batch, advance: (ms: number) => (clock += ms) };
}

const ingested = (rows: Record<string, unknown>[]) => rows.filter((r) => r.metric === 'rows_ingested').map((r) => [r.tenant_id, r.value]);

test('a failed insert drops its interval; the next tick writes only the new one', async () => {
  const s = setup(1);
  s.batch('t1', 5);
  await assert.rejects(s.sampler.tick(), /store unavailable/);
  s.batch('t1', 2);
  await s.sampler.tick();
  assert.deepEqual(ingested(s.inserted[0]!), [['t1', 2]]);
  await s.sampler.stop();
});

test('a tenant idle for more than 15 minutes gets no more rows', async () => {
  const s = setup();
  s.batch('t1', 1);
  await s.sampler.tick();
  s.advance(14 * 60_000);
  await s.sampler.tick();
  s.advance(2 * 60_000);
  s.batch('t2', 3);
  await s.sampler.tick();
  assert.deepEqual(s.inserted.map(ingested), [[['t1', 1]], [['t1', 0]], [['t2', 3]]]);
  await s.sampler.stop();
});

test('stop() detaches the ingest and query probes', async () => {
  const s = setup();
  assert.equal(s.queue.listenerCount('batch'), 1);
  assert.equal(typeof s.queries.observer, 'function');
  await s.sampler.stop();
  assert.equal(s.queue.listenerCount('batch'), 0);
  assert.equal(s.queries.observer, undefined);
});
