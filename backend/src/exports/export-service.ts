/**
 * Export job lifecycle: queued → running → succeeded | failed | cancelled.
 * Jobs run in this process in the background (at most `concurrency` at once,
 * the rest wait queued). Progress is persisted at most every
 * PROGRESS_PERSIST_MS and emitted as 'progress' events (ExportProgressEvent)
 * for the stream route to relay. Expired jobs lose their file and row in
 * `sweep()`, which `startSweeper()` runs on a timer.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { AppError } from '../errors/app-error.ts';
import { toQueryError } from '../queries/query-errors.ts';
import type { Principal as CompilePrincipal } from '../query/index.ts';
import type { TenantSecurityService } from '../security/tenant-security.ts';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import type { MetadataDb } from '../storage/metadata/driver.ts';
import type { TenantService } from '../tenancy/tenants.ts';
import { DownloadLinks } from './download-link.ts';
import { runExport } from './export-runner.ts';
import { contentTypeOf, fileExtension, type ExportCompression, type ExportFormat } from './formats.ts';
import { ExportJobStore, type NewJob } from './job-store.ts';
import type { PivotSpec } from './pivot.ts';
import { ExportScheduler } from './schedule/export-scheduler.ts';
import { ExportScheduleStore } from './schedule/schedule-store.ts';
import { tickWindow, windowedQuery } from './schedule/time-window.ts';
import type { ExportSchedule } from './schedule/types.ts';
import { exportKey, type ExportStorage } from './storage/export-storage.ts';
import type { ExportJob, ExportProgressEvent } from './types.ts';
import type { DeliveryRunner } from './delivery/delivery-runner.ts';
import type { ExportEngineLimits } from './engine-settings.ts';

const PROGRESS_PERSIST_MS = 500;

export interface ExportServiceOptions {
  /** The metadata store: scheduled ticks claim and insert their job in one transaction on it. */
  db: MetadataDb;
  store: ExportJobStore;
  storage: ExportStorage;
  links: DownloadLinks;
  analytics: AnalyticsDriver;
  security: TenantSecurityService;
  tenants: TenantService;
  /** How long a finished export (and its file) is kept. */
  retentionMs?: number;
  /** Lifetime of one signed download link. */
  linkTtlMs?: number;
  concurrency?: number;
  maxRows?: number;
  /**
   * Lease on each queued/running job of this process, renewed every leaseMs / 3. A job
   * whose lease ran out (its process died) is taken over by another replica. Default 60 s.
   */
  leaseMs?: number;
  /** A job taken over after this many started runs is failed instead of re-queued. Default 3. */
  maxAttempts?: number;
  /** Scratch space for engine-written container files (Parquet, Avro, XML), deleted after each run. */
  tmpDir: string;
  /**
   * The configured public base URL (SEMANTEST_PUBLIC_URL). When set, signed download links
   * are built on it, never on the request's Host header (behind a proxy that is an internal
   * name, and a forged Host must not end up in a link a user is told to open).
   */
  publicUrl?: string;
  /** Delivers scheduled jobs that carry channels (exports/delivery/); without it they are only stored. */
  delivery?: DeliveryRunner;
  /** Engine limits of the export write (engine-settings.ts); without them, the engine's defaults. */
  engineLimits?: ExportEngineLimits;
  /** Line formats stream through a named pipe instead of a temp file (RunHooks.pipes). */
  pipes?: boolean;
}

export interface CreateExport {
  tenantId: string;
  createdBy: string;
  principal: CompilePrincipal;
  query: Record<string, unknown>;
  format: ExportFormat;
  compression?: ExportCompression;
  limit?: number;
  pivot?: PivotSpec;
}

export class ExportService extends EventEmitter {
  readonly maxRows: number;
  readonly schedules: ExportScheduleStore;
  readonly scheduler: ExportScheduler;
  readonly #o: Required<Omit<ExportServiceOptions, 'maxRows' | 'publicUrl' | 'delivery' | 'engineLimits' | 'pipes'>>;
  readonly #engineLimits: ExportEngineLimits | undefined;
  readonly #pipes: boolean;
  readonly #delivery: DeliveryRunner | undefined;
  /** Fencing token of every job this process holds (queued here or running here). */
  readonly #tokens = new Map<string, number>();
  readonly #publicUrl: string | undefined;
  readonly #running = new Map<string, AbortController>();
  readonly #waiting: ExportJob[] = [];
  readonly #settled = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #leaseTimer: NodeJS.Timeout | undefined;

  constructor(opts: ExportServiceOptions) {
    super();
    this.maxRows = opts.maxRows ?? 10_000_000;
    const { publicUrl, delivery, engineLimits, pipes, ...rest } = opts;
    this.#delivery = delivery;
    this.#engineLimits = engineLimits;
    this.#pipes = pipes === true;
    this.#o = { retentionMs: 7 * 86_400_000, linkTtlMs: 15 * 60_000, concurrency: 2, leaseMs: 60_000, maxAttempts: 3, ...rest };
    this.#publicUrl = publicUrl?.replace(/\/+$/, '');
    this.schedules = new ExportScheduleStore(opts.db);
    this.scheduler = new ExportScheduler(this.schedules, this);
  }

  get storage(): ExportStorage {
    return this.#o.storage;
  }

  async create(req: CreateExport): Promise<ExportJob> {
    const job = await this.#o.store.insert(this.#newJob(req));
    this.#enqueue(job);
    return job;
  }

  /**
   * One schedule tick: claim it and insert its job in one transaction (see
   * schedule/export-scheduler.ts), then run the job here. null = another
   * replica (or an earlier call) has this tick.
   */
  async createForTick(schedule: ExportSchedule, tickAt: Date): Promise<ExportJob | null> {
    const { query } = schedule.request;
    const row = this.#newJob({
      tenantId: schedule.tenantId,
      createdBy: schedule.createdBy,
      principal: schedule.principal,
      ...schedule.request,
      query: schedule.timeRange ? windowedQuery(query, schedule.timeRange, tickAt) : query,
    });
    const delivery = schedule.delivery?.length
      ? { scheduleName: schedule.name, channels: schedule.delivery, window: schedule.timeRange ? tickWindow(schedule.timeRange, tickAt) : null }
      : undefined;
    const job = await this.#o.db.transaction(async (tx) => {
      if (!(await new ExportScheduleStore(tx).claim(schedule.id, tickAt))) return null;
      return new ExportJobStore(tx).insert({ ...row, scheduleId: schedule.id, tickAt: tickAt.toISOString(), ...(delivery ? { delivery } : {}) });
    });
    if (job) {
      this.#emit(job);
      this.#enqueue(job);
    }
    return job;
  }

  #newJob(req: CreateExport): NewJob {
    const id = randomUUID();
    const compression = req.compression ?? 'none';
    return {
      id,
      tenantId: req.tenantId,
      createdBy: req.createdBy,
      principal: req.principal,
      query: req.query,
      format: req.format,
      compression,
      rowLimit: Math.min(req.limit ?? this.maxRows, this.maxRows),
      storageKey: exportKey(req.tenantId, id, fileExtension(req.format, compression)),
      leaseExpiresAt: this.#leaseUntil(),
      expiresAt: new Date(Date.now() + this.#o.retentionMs).toISOString(),
      ...(req.pivot ? { pivot: req.pivot } : {}),
    };
  }

  get(tenantId: string, id: string): Promise<ExportJob | null> {
    return this.#o.store.get(tenantId, id);
  }

  async require(tenantId: string, id: string): Promise<ExportJob> {
    const job = /^[0-9a-f-]{36}$/.test(id) ? await this.#o.store.get(tenantId, id) : null;
    if (!job) throw new AppError('NOT_FOUND', 'No such export in this tenant.');
    return job;
  }

  list(tenantId: string, createdBy: string | null, limit = 100): Promise<ExportJob[]> {
    return this.#o.store.list(tenantId, createdBy, limit);
  }

  async cancel(tenantId: string, id: string): Promise<ExportJob> {
    await this.require(tenantId, id);
    const job = await this.#o.store.transition(tenantId, id, ['queued', 'running'], 'cancelled');
    if (!job) throw new AppError('EXPORT_STATE_CONFLICT', 'Only a queued or running export can be cancelled.');
    this.#running.get(id)?.abort(new Error('cancelled'));
    this.#emit(job);
    return job;
  }

  async retry(tenantId: string, id: string): Promise<ExportJob> {
    await this.require(tenantId, id);
    const job = await this.#o.store.transition(tenantId, id, ['failed', 'cancelled'], 'queued', {
      lease_expires_at: this.#leaseUntil(),
    });
    if (!job) throw new AppError('EXPORT_STATE_CONFLICT', 'Only a failed or cancelled export can be retried.');
    await this.#o.store.setExpiry(tenantId, id, new Date(Date.now() + this.#o.retentionMs).toISOString());
    this.#emit(job);
    this.#enqueue(job);
    return job;
  }

  async delete(tenantId: string, id: string): Promise<void> {
    const job = await this.require(tenantId, id);
    this.#running.get(id)?.abort(new Error('deleted'));
    await this.#o.store.delete(tenantId, id);
    await this.#o.storage.delete(job.storageKey);
  }

  /** `requestBase` (the request's own origin) is used only when no public URL is configured. */
  async downloadUrl(tenantId: string, id: string, requestBase: string): Promise<{ url: string; expiresAt: string }> {
    const job = await this.require(tenantId, id);
    if (job.status !== 'succeeded')
      throw new AppError(
        'EXPORT_STATE_CONFLICT',
        `The export is ${job.status}; only a succeeded export can be downloaded.`
      );
    const expiresAt = new Date(Math.min(Date.now() + this.#o.linkTtlMs, Date.parse(job.expiresAt)));
    const token = this.#o.links.sign({ tenantId, jobId: id, expiresAt });
    const base = this.#publicUrl ?? requestBase;
    return { url: `${base}/api/v1/downloads/${token}`, expiresAt: expiresAt.toISOString() };
  }

  /** Verifies a link token and opens the file; the caller streams it. */
  async openDownload(token: string) {
    const claims = this.#o.links.verify(token);
    const job = await this.#o.store.get(claims.tenantId, claims.jobId);
    if (!job || Date.parse(job.expiresAt) <= Date.now())
      throw new AppError('EXPORT_LINK_EXPIRED', 'The export behind this link no longer exists.');
    if (job.status !== 'succeeded') throw new AppError('EXPORT_STATE_CONFLICT', `The export is ${job.status}.`);
    const ext = fileExtension(job.format, job.compression);
    return {
      body: await this.#o.storage.get(job.storageKey),
      contentType: contentTypeOf(job.format, job.compression),
      filename: `export-${job.id}.${ext}`,
      bytes: job.compression === 'none' ? job.bytes : null,
    };
  }

  /** Deletes expired jobs and their files. Returns how many were removed. */
  async sweep(now = new Date()): Promise<number> {
    let removed = 0;
    for (const job of await this.#o.store.expired(now, 500)) {
      await this.#o.storage.delete(job.storageKey);
      if (await this.#o.store.delete(job.tenantId, job.id)) removed++;
    }
    return removed;
  }

  /**
   * After a restart, jobs left queued/running belong to no process: fail them
   * so they can be retried. Only safe when this process is the only runner
   * (the embedded metadata store); replicas sharing PostgreSQL must not call it.
   */
  recoverInterrupted(): Promise<number> {
    return this.#o.store.failInterrupted([...this.#running.keys(), ...this.#waiting.map((j) => j.id)]);
  }

  #leaseUntil(now = new Date()): Date {
    return new Date(now.getTime() + this.#o.leaseMs);
  }

  /**
   * Renews the lease of every job this process has queued or running, and of its deliveries
   * in flight, under their fencing tokens. A run whose lease was not renewed (taken over by a
   * replica, cancelled or deleted elsewhere) is stopped: its writes would be refused anyway.
   */
  async heartbeat(now = new Date()): Promise<void> {
    const jobs = [...this.#tokens].map(([id, token]) => ({ id, token }));
    const renewed = await this.#o.store.renewLeases([...jobs, ...(this.#delivery?.holds() ?? [])], this.#leaseUntil(now));
    for (const { id } of jobs) if (!renewed.has(id)) this.#running.get(id)?.abort(new Error('lease lost'));
  }

  /**
   * Takes over the jobs of dead replicas (lease expired at `now`): re-queued ones run here,
   * the ones out of attempts are failed. Each job goes to exactly one caller (job-store.ts).
   */
  async takeOverExpired(now = new Date()): Promise<ExportJob[]> {
    const jobs = await this.#o.store.takeOverExpired(now, this.#leaseUntil(now), this.#o.maxAttempts);
    for (const job of jobs) {
      this.#emit(job);
      if (job.status === 'queued') this.#enqueue(job);
    }
    // Pending deliveries of dead processes, and failed attempts whose backoff is over.
    for (const job of (await this.#delivery?.takeOver(now, this.#leaseUntil(now))) ?? []) this.#deliver(job);
    return jobs;
  }

  /** Background upkeep: the expiry sweep (every `everyMs`) and the job leases (every leaseMs / 3). */
  startSweeper(everyMs = 10 * 60_000): void {
    this.#timer ??= setInterval(() => void this.sweep().catch(() => undefined), everyMs).unref();
    this.#leaseTimer ??= setInterval(
      () => void this.heartbeat().then(() => this.takeOverExpired()).catch(() => undefined),
      Math.max(1000, Math.floor(this.#o.leaseMs / 3))
    ).unref();
  }

  /** Stops the sweeper and the scheduler, cancels running jobs and waits for them to settle. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    clearInterval(this.#leaseTimer);
    await this.scheduler.stop();
    this.#waiting.length = 0;
    for (const c of this.#running.values()) c.abort(new Error('shutting down'));
    await Promise.allSettled([...this.#settled]);
  }

  /** Resolves when no job is running or waiting (tests). */
  async idle(): Promise<void> {
    while (this.#settled.size > 0) await Promise.allSettled([...this.#settled]);
  }

  #enqueue(job: ExportJob): void {
    this.#tokens.set(job.id, job.leaseToken);
    this.#waiting.push(job);
    this.#pump();
  }

  #pump(): void {
    while (this.#running.size < this.#o.concurrency && this.#waiting.length > 0) {
      const job = this.#waiting.shift()!;
      const controller = new AbortController();
      this.#running.set(job.id, controller);
      const p = this.#run(job, controller).finally(() => {
        this.#running.delete(job.id);
        if (this.#tokens.get(job.id) === job.leaseToken) this.#tokens.delete(job.id);
        this.#settled.delete(p);
        this.#pump();
      });
      this.#settled.add(p);
    }
  }

  /** Runs one delivery attempt in the background (idle() and close() wait for it). */
  #deliver(job: ExportJob): void {
    const runner = this.#delivery;
    if (!runner) return;
    const p: Promise<void> = runner
      .run(job)
      .then(() => undefined, () => undefined)
      .finally(() => this.#settled.delete(p));
    this.#settled.add(p);
  }

  async #run(queued: ExportJob, controller: AbortController): Promise<void> {
    const { store } = this.#o;
    // Fencing: every write of this run carries the token the job was handed over with.
    const token = queued.leaseToken;
    const job = await store.transition(queued.tenantId, queued.id, ['queued'], 'running', {}, token);
    if (!job) return; // cancelled, deleted or taken over while waiting
    // This run's own object; it becomes the job's file only if the finish below is accepted.
    const runKey = exportKey(job.tenantId, job.id, fileExtension(job.format, job.compression), token);
    this.#emit(job);
    let rowsEstimated: number | null = null;
    // The last rows pushed: a raised or final estimate must not send progress back to 0.
    let rowsSeen = 0;
    let lastPersist = 0;
    try {
      const tenant = await this.#o.tenants.getById(job.tenantId);
      const security = await this.#o.security.load(tenant);
      const { rows, bytes } = await runExport({ ...job, storageKey: runKey }, security, this.#o.analytics, this.#o.storage, {
        signal: controller.signal,
        tmpDir: this.#o.tmpDir,
        engineLimits: this.#engineLimits,
        pipes: this.#pipes,
        onEstimate: async (n) => {
          rowsEstimated = n;
          await store.setEstimate(job.id, token, n);
          this.#emitRaw(job, 'running', Math.min(rowsSeen, n), n);
        },
        onRows: (n) => {
          rowsSeen = n;
          const t = Date.now();
          if (t - lastPersist < PROGRESS_PERSIST_MS) return;
          lastPersist = t;
          void store.progress(job.id, token, n).catch(() => undefined);
          this.#emitRaw(job, 'running', n, rowsEstimated);
        },
      });
      // A job with channels stays leased by this process while it delivers (delivery-store.ts).
      const delivering = job.delivery !== null && this.#delivery !== undefined;
      const done = await store.transition(
        job.tenantId,
        job.id,
        ['running'],
        'succeeded',
        {
          rows_written: rows,
          bytes,
          storage_key: runKey,
          ...(delivering ? { delivery_status: 'pending', lease_expires_at: this.#leaseUntil() } : {}),
        },
        token
      );
      if (!done) {
        // Cancelled or deleted at the finish line, or taken over: this run's file is never published.
        await this.#o.storage.delete(runKey);
        return;
      }
      this.#emit(done);
      await this.#dropEarlierRuns(done, token);
      if (delivering) this.#deliver(done);
    } catch (err) {
      await this.#o.storage.delete(runKey).catch(() => undefined);
      if (controller.signal.aborted) return; // cancel()/delete()/a lost lease: the state is someone else's
      const e = toQueryError(err);
      const failed = await store.transition(job.tenantId, job.id, ['running'], 'failed', {
        error: `${e.code}: ${e.message}`,
      }, token);
      if (failed) this.#emit(failed);
    }
  }

  /** Objects of earlier runs of this job (a holder that died mid-upload): best effort. */
  async #dropEarlierRuns(job: ExportJob, token: number): Promise<void> {
    const ext = fileExtension(job.format, job.compression);
    for (let t = Math.max(0, token - 5); t < token; t++)
      await this.#o.storage.delete(exportKey(job.tenantId, job.id, ext, t)).catch(() => undefined);
  }

  #emit(job: ExportJob): void {
    this.#emitRaw(job, job.status, job.rowsWritten, job.rowsEstimated);
  }

  #emitRaw(job: ExportJob, status: ExportJob['status'], rowsWritten: number, rowsEstimated: number | null): void {
    const ev: ExportProgressEvent = { tenantId: job.tenantId, jobId: job.id, status, rowsWritten, rowsEstimated };
    this.emit('progress', ev);
  }
}
