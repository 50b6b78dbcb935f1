/**
 * Runs one export: compile under the job's principal with the tenant's
 * current policies and masking, estimate the rows (row-estimate.ts), let the
 * engine write the file (one command: see formats.ts for why not the driver's
 * stream) and move it through (gzip →) storage. By default the engine writes
 * a private temp file, then deleted. Line formats (CSV, TSV, NDJSON, JSON;
 * plain or gzip) are read back while the engine writes it (engine-file-tail.ts)
 * and counted, compressed and stored during the write (piped-export.ts); with
 * hooks.pipes (SEMANTEST_EXPORT_PIPE) they are written into a named pipe
 * instead (no plaintext file; platforms without FIFOs keep the temp file).
 * Parquet, Avro, XML and zstd are counted by the engine while the finished
 * file is uploaded. Nothing buffers the whole file in memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { compileQuery, type CompileContext } from '../query/index.ts';
import type { TenantSecurity } from '../security/tenant-security.ts';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import { exportSql, fileWriteSql } from './export-sql.ts';
import { fileExtension, FORMAT_SPECS } from './formats.ts';
import { pivotQuery, pivotValuesSql, tooManyValues } from './pivot.ts';
import { openEnginePipe, type EnginePipe } from './engine-pipe.ts';
import { tailEngineFile } from './engine-file-tail.ts';
import { pipedExport } from './piped-export.ts';
import { COUNTED_FORMATS, type CountedFormat } from './row-counter.ts';
import { rowEstimate, type RowEstimate } from './row-estimate.ts';
import { withTempFile } from './temp-files.ts';
import { countWrittenRows } from './written-rows.ts';
import { engineSettings, memoryLimitError, type ExportEngineLimits } from './engine-settings.ts';
import type { ExportStorage } from './storage/export-storage.ts';
import type { ExportJob } from './types.ts';

export interface RunHooks {
  signal: AbortSignal;
  /** Private scratch directory (0700) for the engine-written file; see temp-files.ts. */
  tmpDir: string;
  /** The estimated total: a cheap estimate first (line formats), the exact rows at the end. */
  onEstimate(rows: number): Promise<void>;
  onRows(rowsWritten: number): void;
  /** Engine limits for the write (engine-settings.ts); none = the engine's defaults. */
  engineLimits?: ExportEngineLimits | undefined;
  /**
   * true: line formats stream through a named pipe (engine-pipe.ts). Off by default: measured at
   * 10M CSV rows on this 2-core machine the pipe path was slower (≈3.1 s) than the temp file counted
   * while it uploads (≈2.15 s): 64 KiB pipe writes and the JS CSV counter cost more than they save.
   */
  pipes?: boolean | undefined;
}

/** The compile context for a stored job (the local twin of queries/context.ts, which needs a request). */
export function jobCompileContext(job: ExportJob, security: TenantSecurity, now = new Date()): CompileContext {
  return {
    tenantId: job.tenantId,
    principal: job.principal,
    policies: security.policies,
    maskingRules: security.maskingRules,
    tenantSettings: security.settings,
    now,
  };
}

export async function runExport(
  job: ExportJob,
  security: TenantSecurity,
  analytics: AnalyticsDriver,
  storage: ExportStorage,
  hooks: RunHooks
): Promise<{ rows: number; bytes: number }> {
  const ctx = jobCompileContext(job, security);
  let compiled = compileQuery(job.query, ctx);
  if (job.pivot) {
    // The values come from the compiled query itself: same tenant guard, policies and masking.
    const v = pivotValuesSql(compiled, job.pivot);
    const values = (await analytics.query<{ pivot_value: string }>(v.sql, v.params)).map((r) => r.pivot_value);
    if (values.length > v.cap) throw tooManyValues(job.pivot.field, v.cap);
    const fns = ((job.query.metrics as { fn: string }[] | undefined) ?? []).map((m) => m.fn);
    compiled = pivotQuery(compiled, job.pivot, values, fns);
  }
  const plan = exportSql(compiled, job.format, job.rowLimit);
  const spec = FORMAT_SPECS[job.format];
  // Line formats are counted while the engine writes: they get an estimated total first,
  // a cheap one (row-estimate.ts: distinct group keys, approximate), never the export's own
  // aggregation run twice. XML cannot be read back, so its rows are counted exactly before
  // the write. Every other file's rows are counted from the written bytes or file.
  const estimatedFirst = spec.lineRows !== undefined && job.compression !== 'zstd';
  // Only zstd is the engine's job; gzip is applied on the stream below (a .gz name would compress twice).
  const ext = fileExtension(job.format, job.compression === 'zstd' ? 'zstd' : 'none');
  // Named per run (fencing token): a stalled run and the run that took its job over never share a file.
  const name = `${job.id}.r${job.leaseToken}.${ext}`;
  // Formats the stream can count (those above plus JSON, whose rows are known only once written;
  // not zstd: the engine's compression) are counted while the engine writes: through a pipe, made
  // (mkfifo) while the estimate runs, or a temp file read as it grows (no FIFO here, or pipes off).
  const countedWhileWritten = COUNTED_FORMATS.has(job.format) && job.compression !== 'zstd';
  const streamed = countedWhileWritten && hooks.pipes === true;
  const opening = streamed ? openEnginePipe(hooks.tmpDir, name).catch(() => null) : Promise.resolve(null);
  let rows: number | null = null;
  let estimated = 0;
  let estimateSent = false;
  try {
    if (spec.writeOnly === true) {
      const [exact] = await analytics.query<{ c: number | string }>(plan.countSql, plan.params);
      rows = estimated = Number(exact?.c ?? 0);
      await hooks.onEstimate(estimated);
      estimateSent = true;
    } else if (estimatedFirst) {
      estimated = await estimateRows(analytics, rowEstimate(job.query, ctx, job.rowLimit, job.pivot?.field));
      await hooks.onEstimate(estimated);
      estimateSent = true;
    }
    hooks.signal.throwIfAborted();
  } catch (err) {
    await (await opening)?.close();
    throw err;
  }

  const limits = hooks.engineLimits;
  const settings = [spec.fileSettings, limits ? engineSettings(limits) : ''].filter(Boolean).join(', ');
  const write = fileWriteSql(plan, spec.fileEngine, settings || undefined);
  const engineError = (err: unknown) => (limits ? memoryLimitError(err, limits) : err);

  // The engine's bytes counted, (gzipped and) stored while it writes them: into the FIFO, or
  // read back from the temp file as it grows (engine-file-tail.ts).
  const streamedExport = async (pipe: EnginePipe) => {
    let pending = Promise.resolve();
    const out = await pipedExport(analytics, storage, {
      pipe,
      write: { sql: write.sql, params: { ...plan.params, [write.pathParam]: pipe.path } },
      format: job.format as CountedFormat,
      gzip: job.compression === 'gzip',
      storageKey: job.storageKey,
      signal: hooks.signal,
      engineError,
      onRows: (n) => {
        // Rows past the estimate raise it first, so progress never reads above 100 %: the rows
        // are reported only after the raised estimate is in (in order, through `pending`).
        if (estimateSent && n > estimated) {
          estimated = n;
          pending = pending.then(() => hooks.onEstimate(n)).then(() => hooks.onRows(n));
        } else {
          pending = pending.then(() => hooks.onRows(n));
        }
      },
    });
    await pending;
    // The total is exact now: the job ends at rows / rows whatever the estimate said.
    if (out.rows !== estimated || !estimateSent) await hooks.onEstimate(out.rows);
    return out;
  };
  const pipe = await opening;
  if (pipe) return streamedExport(pipe);

  return withTempFile(hooks.tmpDir, name, async (tmpFile) => {
    if (countedWhileWritten) return streamedExport(tailEngineFile(tmpFile));
    // Parquet, Avro, XML and zstd line formats: written whole, then counted while uploaded.
    try {
      // Not abortable mid-write (the driver has no cancel); a cancel takes effect before the upload.
      await analytics.command(write.sql, { ...plan.params, [write.pathParam]: tmpFile });
    } catch (err) {
      throw engineError(err);
    }
    hooks.signal.throwIfAborted();
    // An empty file is no row in any format (and the engine cannot infer a schema from it).
    if (rows === null && (await stat(tmpFile)).size === 0) rows = 0;
    const source: Readable = createReadStream(tmpFile, { highWaterMark: 1 << 20 });
    const abort = () =>
      source.destroy(hooks.signal.reason instanceof Error ? hooks.signal.reason : new Error('cancelled'));
    hooks.signal.addEventListener('abort', abort, { once: true });
    let body: Readable = source;
    if (job.compression === 'gzip') {
      const gzip = createGzip();
      source.on('error', (err) => gzip.destroy(err));
      body = source.pipe(gzip);
    }
    try {
      // The engine counts the file (quoted multi-line CSV values count once; a file with no row
      // is 0) while it is uploaded: both only read it. A failed count fails the run after the
      // upload settled (the service then deletes the object).
      const known = rows;
      const [counted, put] = await Promise.allSettled([
        known ?? countWrittenRows(analytics, job.format, tmpFile),
        storage.put(job.storageKey, body),
      ]);
      if (counted.status === 'rejected') throw counted.reason;
      if (put.status === 'rejected') throw put.reason;
      hooks.signal.throwIfAborted();
      // The total is exact now: the job ends at rows / rows whatever the estimate said.
      if (counted.value !== estimated || !estimateSent) await hooks.onEstimate(counted.value);
      return { rows: counted.value, bytes: put.value.bytes };
    } finally {
      hooks.signal.removeEventListener('abort', abort);
    }
  });
}

async function estimateRows(analytics: AnalyticsDriver, e: RowEstimate): Promise<number> {
  if (e.kind === 'constant') return e.rows;
  const [r] = await analytics.query<{ c: number | string }>(e.sql, e.params);
  return Math.min(Number(r?.c ?? 0), e.cap);
}
