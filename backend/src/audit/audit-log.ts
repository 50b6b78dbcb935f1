/**
 * Buffered, append-only audit writer over the ClickHouse `audit_log` table.
 * Records are queued in memory and inserted in one block every `flushMs`
 * (and on close), so a query never waits for its audit insert. Invariant:
 * `close()` flushes everything recorded before it; a failed insert keeps the
 * batch for the next flush instead of dropping it.
 */
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import type { AuditEntry, AuditRow } from './types.ts';

/** ClickHouse DateTime64(3) text without the zone (the column is UTC). */
const chTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

export class AuditLog {
  #buffer: AuditRow[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(private readonly analytics: AnalyticsDriver, private readonly flushMs = 500, private readonly maxBuffer = 10_000) {}

  record(entry: AuditEntry): void {
    this.#buffer.push({
      tenant_id: entry.tenantId,
      at: chTime(entry.at ?? new Date()),
      actor: entry.actor,
      actor_kind: entry.actorKind,
      action: entry.action,
      resource: entry.resource,
      outcome: entry.outcome,
      risk: entry.risk,
      details: JSON.stringify(entry.details ?? {}),
    });
    if (this.#buffer.length >= this.maxBuffer) void this.flush();
    else if (!this.#timer && !this.#closed) {
      this.#timer = setTimeout(() => void this.flush(), this.flushMs);
      this.#timer.unref();
    }
  }

  /** Writes everything buffered so far; resolves when it is stored. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#flushing = this.#flushing.then(async () => {
      const batch = this.#buffer;
      if (batch.length === 0) return;
      this.#buffer = [];
      try {
        await this.analytics.insertJsonEachRow('audit_log', Buffer.from(batch.map((r) => JSON.stringify(r)).join('\n') + '\n'));
      } catch (err) {
        // Keep the records (oldest first) for the next attempt; the caller of flush sees the error.
        this.#buffer = batch.concat(this.#buffer);
        throw err;
      }
    });
    const p = this.#flushing;
    this.#flushing = p.catch(() => undefined);
    return p;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }
}
