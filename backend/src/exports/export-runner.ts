/**
 * Runs one export: compile under the job's principal with the tenant's
 * current policies and masking, estimate with count(), let the engine write
 * the file to a private temp path (one command: see formats.ts for why not
 * the driver's stream), then stream it through (gzip →) storage and delete
 * it. Nothing buffers the whole file in memory.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { compileQuery, type CompileContext } from '../query/index.ts';
import type { TenantSecurity } from '../security/tenant-security.ts';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import { exportSql, fileWriteSql } from './export-sql.ts';
import { fileExtension, FORMAT_SPECS } from './formats.ts';
import { pivotQuery, pivotValuesSql, tooManyValues } from './pivot.ts';
import { withTempFile } from './temp-files.ts';
import type { ExportStorage } from './storage/export-storage.ts';
import type { ExportJob } from './types.ts';

export interface RunHooks {
  signal: AbortSignal;
  /** Private scratch directory (0700) for the engine-written file; see temp-files.ts. */
  tmpDir: string;
  onEstimate(rows: number): Promise<void>;
  onRows(rowsWritten: number): void;
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
  let compiled = compileQuery(job.query, jobCompileContext(job, security));
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
  // The count() runs the whole query once more, so it is paid only where it buys live
  // progress (line formats, watched while the engine writes) or where the file cannot be
  // read back (XML). Other files are counted after the write from what was written
  // (Parquet: footer metadata, no re-aggregation).
  const live = spec.lineRows !== undefined && job.compression !== 'zstd';
  const countFirst = live || spec.writeOnly === true;
  let estimated = 0;
  if (countFirst) {
    const [estimate] = await analytics.query<{ c: number | string }>(plan.countSql, plan.params);
    estimated = Number(estimate?.c ?? 0);
    await hooks.onEstimate(estimated);
  }
  hooks.signal.throwIfAborted();

  // Only zstd is the engine's job; gzip is applied on the stream below (a .gz name would compress twice).
  const ext = fileExtension(job.format, job.compression === 'zstd' ? 'zstd' : 'none');
  return withTempFile(hooks.tmpDir, `${job.id}.${ext}`, async (tmpFile) => {
    const write = fileWriteSql(plan, spec.fileEngine, spec.fileSettings);
    const watcher = live ? watchLines(tmpFile, spec.lineRows!.headerLines, estimated, hooks) : null;
    try {
      // Not abortable mid-write (the driver has no cancel); a cancel takes effect before the upload.
      await analytics.command(write.sql, { ...plan.params, [write.pathParam]: tmpFile });
    } finally {
      await watcher?.stop();
    }
    hooks.signal.throwIfAborted();
    if (!countFirst) {
      // fileEngine is a constant of FORMAT_SPECS (checked by fileWriteSql); the path is bound.
      const [written] = await analytics.query<{ c: number | string }>(
        `SELECT count() AS c FROM file({${write.pathParam}:String}, '${spec.fileEngine}')`,
        { [write.pathParam]: tmpFile }
      );
      estimated = Number(written?.c ?? 0);
      await hooks.onEstimate(estimated);
    }
    const source: Readable = createReadStream(tmpFile);
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
      const { bytes } = await storage.put(job.storageKey, body);
      hooks.signal.throwIfAborted();
      // Line formats: the count() ran on the same query (same snapshot for a finished write);
      // others: counted from the file itself.
      return { rows: estimated, bytes };
    } finally {
      hooks.signal.removeEventListener('abort', abort);
    }
  });
}

/**
 * Progress while the engine writes a line format: count the newlines of the
 * bytes appended to the temp file since the last look (read back from the
 * page cache, a fixed 1 MiB buffer).
 */
function watchLines(path: string, headerLines: number, estimated: number, hooks: RunHooks) {
  let offset = 0;
  let lines = 0;
  let busy: Promise<void> = Promise.resolve();
  const buf = Buffer.alloc(1 << 20);
  const look = async () => {
    const fh = await open(path, 'r').catch(() => null);
    if (!fh) return;
    try {
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
        for (let i = buf.indexOf(10); i !== -1 && i < bytesRead; i = buf.indexOf(10, i + 1)) lines++;
      }
    } finally {
      await fh.close();
    }
    hooks.onRows(Math.min(Math.max(0, lines - headerLines), estimated));
  };
  const timer = setInterval(() => (busy = busy.then(look)), 250);
  return {
    async stop() {
      clearInterval(timer);
      await busy.catch(() => undefined);
    },
  };
}
