/**
 * Where the sampler's per-tenant figures come from, without changing the
 * ingest or query code paths:
 * - ingest: the queue's public `batch` event (one per tenant per written batch)
 *   plus `queue.stats`. The queue updates `stats.lastBatchMs` and emits `batch`
 *   synchronously in the same turn after a write, so reading it inside the
 *   listener gives that batch's commit time (a test pins this).
 * - queries: QueryService's `observer` hook (duration and outcome per query).
 */
import type { BatchEvent, IngestQueue } from '../ingest/queue.ts';
import type { QueryService } from '../queries/query-service.ts';
import { pushBounded, type Windows } from './window.ts';

export function attachIngestProbe(queue: IngestQueue, windows: Windows): () => void {
  const onBatch = (e: BatchEvent) => {
    const w = windows.of(e.tenantId);
    w.rowsIngested += e.results;
    pushBounded(w.batchMs, queue.stats.lastBatchMs);
  };
  queue.on('batch', onBatch);
  return () => queue.off('batch', onBatch);
}

export function attachQueryProbe(queries: QueryService, windows: Windows): () => void {
  queries.observer = (tenantId, durationMs, ok) => {
    const w = windows.of(tenantId);
    w.queries++;
    if (!ok) w.queryErrors++;
    pushBounded(w.queryMs, durationMs);
  };
  return () => {
    queries.observer = undefined;
  };
}
