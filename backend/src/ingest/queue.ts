/**
 * The write queue: collects runs from many requests into batches, one batch
 * at a time, and settles each request only after its batch is durably
 * written. Group commit: a batch is written as soon as the previous one is
 * done, but never sooner than minFlushIntervalMs after the previous write
 * began (so a flood of small requests makes few, larger inserts and the part
 * count stays bounded), and never later than batchMaxAgeMs after its oldest
 * run arrived; a full batch (batchMaxRows) goes at once. Under load (a write
 * ended less than batchMaxAgeMs ago) a batch smaller than half the previous
 * one also waits, within the same age bound, for more rows: uploaders that
 * send their next request when the last one is answered arrive right after
 * the previous batch's commit, and writing the few rows queued before them
 * as a batch of their own would pay an insert's fixed cost (parts, views)
 * for little and split the uploaders into one large and one tiny batch for
 * good (measured: 15k / 1k rows alternating, instead of two of 8k). Bounded: above
 * maxQueuedRows new submissions are refused with 503 + Retry-After.
 * A run's existence check and journal cover start when it is queued
 * (writer.expect), so a batch's write normally waits for neither. The next
 * batch begins once the previous one's data is in (writer hook
 * `dataWritten`), while that one's markers are still being committed; its
 * requests are settled only after the commit (see writer.ts).
 */
import { EventEmitter } from 'node:events';
import { AppError } from '../errors/app-error.ts';
import type { RunRows } from './rows.ts';
import type { BatchWriter, WriteOutcome } from './writer.ts';

interface Pending {
  run: RunRows;
  /** performance.now() when it was queued: the batch's age bound counts from its oldest run. */
  queuedAt: number;
  resolve: (o: WriteOutcome) => void;
  reject: (e: unknown) => void;
}

export interface QueueOptions {
  batchMaxRows: number;
  batchMaxAgeMs: number;
  minFlushIntervalMs: number;
  maxQueuedRows: number;
}

export interface BatchEvent {
  tenantId: string;
  runIds: string[];
  results: number;
  passed: number;
  failed: number;
  skipped: number;
  at: string;
}

export interface QueueStats {
  queuedRows: number;
  batchesWritten: number;
  rowsWritten: number;
  lastBatchMs: number;
  lastBatchRows: number;
}

const rowsOf = (r: RunRows) => r.resultRows + r.perfRows + 1;

export class IngestQueue extends EventEmitter<{ batch: [BatchEvent]; error: [unknown] }> {
  #pending: Pending[] = [];
  #queuedRows = 0;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  /** Batches whose data is in and whose commit (and so their requests' answers) is pending. */
  #committing = new Set<Promise<void>>();
  #closed = false;
  #lastFlushStart = -Infinity;
  /** When the last write's data was in, and how many rows that batch had (the linger rule above). */
  #lastWriteEnd = -Infinity;
  #lastBatchRows = 0;
  /** The armed timer waits for more rows (a small batch under load), not just for the interval. */
  #lingering = false;
  readonly stats: QueueStats = { queuedRows: 0, batchesWritten: 0, rowsWritten: 0, lastBatchMs: 0, lastBatchRows: 0 };

  constructor(
    private readonly writer: BatchWriter,
    private readonly opts: QueueOptions,
  ) {
    super();
  }

  /** Cumulative wall time per write stage and batches written (see stage-timings.ts). */
  writeTimings() {
    return this.writer.timings.snapshot();
  }

  submit(run: RunRows): Promise<WriteOutcome> {
    if (this.#closed) return Promise.reject(new AppError('SHUTTING_DOWN', 'The server is shutting down; retry against another instance or in a moment.', { headers: { 'retry-after': '5' } }));
    const rows = rowsOf(run);
    // A single run larger than the whole queue is still accepted when the queue is empty.
    if (this.#queuedRows > 0 && this.#queuedRows + rows > this.opts.maxQueuedRows) {
      return Promise.reject(
        new AppError('INGEST_QUEUE_FULL', 'The write queue is full; retry after the delay in Retry-After.', {
          headers: { 'retry-after': '1' },
        }),
      );
    }
    this.writer.expect(run);
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.#pending.push({ run, resolve, reject, queuedAt: performance.now() });
      this.#queuedRows += rows;
      this.stats.queuedRows = this.#queuedRows;
      if (this.#queuedRows >= this.opts.batchMaxRows) this.#kick();
      else if (this.#lingering && !this.#small()) this.#reschedule();
      else this.#schedule();
    });
  }

  /** Stops accepting, writes everything queued, waits for the write in flight. */
  async drain(): Promise<void> {
    this.#closed = true;
    while (this.#pending.length > 0 || this.#flushing || this.#committing.size > 0) {
      this.#kick();
      await Promise.all([this.#flushing, ...this.#committing]);
    }
  }

  #kick(): void {
    this.#clearTimer();
    if (this.#flushing || this.#pending.length === 0) return;
    this.#lastFlushStart = performance.now();
    this.#flushing = this.#flush().finally(() => {
      this.#flushing = undefined;
      this.#lastWriteEnd = performance.now();
      if (this.#pending.length > 0) {
        if (this.#queuedRows >= this.opts.batchMaxRows) this.#kick();
        else this.#schedule();
      }
    });
  }

  /** Arms the timer for the next write: after the minimum interval, within the age bound. */
  #schedule(): void {
    if (this.#timer || this.#flushing || this.#pending.length === 0) return;
    const now = performance.now();
    let at = this.#lastFlushStart + Math.min(this.opts.minFlushIntervalMs, this.opts.batchMaxAgeMs);
    this.#lingering = now - this.#lastWriteEnd < this.opts.batchMaxAgeMs && this.#small();
    if (this.#lingering) at = Math.max(at, this.#pending[0]!.queuedAt + this.opts.batchMaxAgeMs);
    this.#timer = setTimeout(() => this.#kick(), Math.max(0, at - now));
  }

  /** Fewer rows queued than half the previous batch (see the linger rule above). */
  #small(): boolean {
    return this.#queuedRows * 2 < this.#lastBatchRows;
  }

  #reschedule(): void {
    this.#clearTimer();
    this.#schedule();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lingering = false;
  }

  async #flush(): Promise<void> {
    // Runs are looked up and journaled in the background from the moment they
    // are queued; the ones that arrived last may not be done yet. The runs
    // queued now are waited for before the batch is formed (not inside the
    // write), so runs arriving meanwhile can still join it, as long as their
    // own lookup and journal cover are done; the others go with the next batch.
    const waited = this.#pending.length;
    const waits: Promise<void>[] = [];
    for (let i = 0, n = 0; i < waited && (i === 0 || n <= this.opts.batchMaxRows); i++) {
      const { run } = this.#pending[i]!;
      n += rowsOf(run);
      if (!this.writer.prepared(run)) waits.push(this.writer.prepare(run));
    }
    if (waits.length > 0) await Promise.all(waits);
    const batch: Pending[] = [];
    let rows = 0;
    const joins = (p: Pending) => batch.length < waited || this.writer.prepared(p.run);
    while (this.#pending.length > 0 && (rows === 0 || (rows + rowsOf(this.#pending[0]!.run) <= this.opts.batchMaxRows && joins(this.#pending[0]!)))) {
      const p = this.#pending.shift()!;
      rows += rowsOf(p.run);
      batch.push(p);
    }
    this.#queuedRows -= rows;
    this.#lastBatchRows = rows;
    this.stats.queuedRows = this.#queuedRows;
    const started = performance.now();
    let dataWritten!: () => void;
    const data = new Promise<void>((resolve) => (dataWritten = resolve));
    const settled = this.writer.write(batch.map((p) => p.run), { dataWritten }).then(
      (outcomes) => {
        this.stats.batchesWritten++;
        this.stats.rowsWritten += rows;
        this.stats.lastBatchMs = performance.now() - started;
        this.stats.lastBatchRows = rows;
        batch.forEach((p, i) => p.resolve(outcomes[i]!));
        this.#announce(batch.filter((_, i) => outcomes[i]!.status === 'stored').map((p) => p.run));
      },
      (err: unknown) => {
        this.emit('error', err);
        const failure = new AppError('INGEST_QUEUE_FULL', 'The batch could not be written; nothing of this request was stored. Retry after the delay in Retry-After.', {
          headers: { 'retry-after': '2' },
          cause: err,
        });
        for (const p of batch) p.reject(failure);
      },
    );
    this.#committing.add(settled);
    void settled.finally(() => this.#committing.delete(settled));
    // The write lane is free once the data is in (or the write is over, for a writer without the hook).
    await Promise.race([data, settled]);
  }

  #announce(stored: RunRows[]): void {
    const byTenant = new Map<string, RunRows[]>();
    for (const run of stored) byTenant.set(run.tenantId, [...(byTenant.get(run.tenantId) ?? []), run]);
    const at = new Date().toISOString();
    for (const [tenantId, runs] of byTenant) {
      this.emit('batch', {
        tenantId,
        runIds: runs.map((r) => r.runId),
        results: runs.reduce((n, r) => n + r.counts.total, 0),
        passed: runs.reduce((n, r) => n + r.counts.passed, 0),
        failed: runs.reduce((n, r) => n + r.counts.failed + r.counts.errors, 0),
        skipped: runs.reduce((n, r) => n + r.counts.skipped, 0),
        at,
      });
    }
  }
}
