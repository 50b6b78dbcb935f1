/**
 * Runs one export: compile under the job's principal with the tenant's
 * current policies and masking, estimate with count(), then stream the
 * engine's output through (gzip →) storage. Memory stays bounded because the
 * engine's async iterable is pulled only as fast as storage accepts bytes;
 * nothing buffers the file.
 */
import { Readable, Transform } from 'node:stream';
import { createGzip } from 'node:zlib';
import { compileQuery, type CompileContext } from '../query/index.ts';
import type { TenantSecurity } from '../security/tenant-security.ts';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import { exportSql } from './export-sql.ts';
import { FORMAT_SPECS } from './formats.ts';
import type { ExportStorage } from './storage/export-storage.ts';
import type { ExportJob } from './types.ts';

export interface RunHooks {
  signal: AbortSignal;
  onEstimate(rows: number): Promise<void>;
  onRows(rowsWritten: number): void;
}

/** The compile context for a stored job (the local twin of queries/context.ts, which needs a request). */
export function jobCompileContext(job: ExportJob, security: TenantSecurity, now = new Date()): CompileContext {
  return { tenantId: job.tenantId, principal: job.principal, policies: security.policies, maskingRules: security.maskingRules, tenantSettings: security.settings, now };
}

export async function runExport(job: ExportJob, security: TenantSecurity, analytics: AnalyticsDriver, storage: ExportStorage, hooks: RunHooks): Promise<{ rows: number; bytes: number }> {
  const compiled = compileQuery(job.query, jobCompileContext(job, security));
  const plan = exportSql(compiled, job.format, job.rowLimit);
  const [estimate] = await analytics.query<{ c: number | string }>(plan.countSql, plan.params);
  const estimated = Number(estimate?.c ?? 0);
  await hooks.onEstimate(estimated);
  hooks.signal.throwIfAborted();

  const spec = FORMAT_SPECS[job.format];
  const source = Readable.from(analytics.stream(plan.sql, plan.params, spec.engine), { objectMode: false });
  const abort = () => source.destroy(hooks.signal.reason instanceof Error ? hooks.signal.reason : new Error('cancelled'));
  hooks.signal.addEventListener('abort', abort, { once: true });
  let lines = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (spec.lineRows) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        hooks.onRows(Math.max(0, lines - spec.lineRows.headerLines));
      }
      done(null, chunk);
    },
  });
  source.on('error', (err) => counter.destroy(err));
  let body: Readable = source.pipe(counter);
  if (job.compression === 'gzip') {
    const gzip = createGzip();
    counter.on('error', (err) => gzip.destroy(err));
    body = counter.pipe(gzip);
  }
  try {
    const { bytes } = await storage.put(job.storageKey, body);
    hooks.signal.throwIfAborted();
    // Binary formats (Parquet, Avro, XML, JSON array) are not counted in flight; the count() is exact for the same snapshot.
    return { rows: spec.lineRows ? Math.max(0, lines - spec.lineRows.headerLines) : estimated, bytes };
  } finally {
    hooks.signal.removeEventListener('abort', abort);
  }
}
