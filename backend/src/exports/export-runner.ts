/**
 * Runs one export: compile under the job's principal with the tenant's
 * current policies and masking, estimate with count(), then move the
 * engine's output through (gzip →) storage. Row formats are pulled from the
 * engine's async iterable only as fast as storage accepts bytes; container
 * formats are written by the engine to a temp file first (see formats.ts).
 * Nothing buffers the whole file in memory.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { compileQuery, type CompileContext } from '../query/index.ts';
import type { TenantSecurity } from '../security/tenant-security.ts';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import { exportSql, fileWriteSql, type ExportSql } from './export-sql.ts';
import { fileExtension, FORMAT_SPECS, headerLine, type FormatSpec } from './formats.ts';
import type { ExportStorage } from './storage/export-storage.ts';
import type { ExportJob } from './types.ts';

export interface RunHooks {
  signal: AbortSignal;
  /** Private scratch directory for engine-written container files. */
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
  const compiled = compileQuery(job.query, jobCompileContext(job, security));
  const plan = exportSql(compiled, job.format, job.rowLimit);
  const [estimate] = await analytics.query<{ c: number | string }>(plan.countSql, plan.params);
  const estimated = Number(estimate?.c ?? 0);
  await hooks.onEstimate(estimated);
  hooks.signal.throwIfAborted();

  const spec = FORMAT_SPECS[job.format];
  // The engine compresses by file extension (.zst), so zstd takes the file route too.
  const engineWrites = spec.mode === 'file' || job.compression === 'zstd';
  // Only zstd is the engine's job; gzip is applied on the stream below (a .gz name would compress twice).
  const tmpFile = join(
    hooks.tmpDir,
    `${job.id}.${fileExtension(job.format, job.compression === 'zstd' ? 'zstd' : 'none')}`
  );
  try {
    let source: Readable;
    if (engineWrites) {
      await mkdir(hooks.tmpDir, { recursive: true, mode: 0o700 });
      const write = fileWriteSql(plan, spec.fileEngine, spec.fileSettings);
      // Not abortable mid-write (the driver has no cancel); a cancel takes effect before the upload.
      await analytics.command(write.sql, { ...plan.params, [write.pathParam]: tmpFile });
      hooks.signal.throwIfAborted();
      source = createReadStream(tmpFile);
    } else {
      source = Readable.from(rowStream(analytics, plan, spec, estimated, hooks), { objectMode: false });
    }
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
      // The count() ran on the same query; in-flight progress is counted from the stream.
      return { rows: estimated, bytes };
    } finally {
      hooks.signal.removeEventListener('abort', abort);
    }
  } finally {
    if (engineWrites) await rm(tmpFile, { force: true });
  }
}

/** Header/brackets from us, rows from the engine; progress counts row newlines (approximate for CSV with multi-line cells). */
async function* rowStream(
  analytics: AnalyticsDriver,
  plan: ExportSql,
  spec: FormatSpec,
  estimated: number,
  hooks: RunHooks
): AsyncGenerator<Buffer> {
  if (spec.header) yield Buffer.from(headerLine(spec.header, plan.names));
  let lines = 0;
  let first = true;
  for await (const raw of analytics.stream(plan.sql, plan.params, spec.engine)) {
    const chunk = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    hooks.onRows(Math.min(lines, estimated));
    if (!spec.jsonArray) {
      yield chunk;
      continue;
    }
    // Each engine block is whole JSONEachRow lines; raw newlines only separate rows (JSON escapes them in strings).
    const body = chunk.toString('utf8').replace(/\n$/, '').replaceAll('\n', ',\n');
    if (body.length === 0) continue;
    yield Buffer.from((first ? '[\n' : ',\n') + body);
    first = false;
  }
  if (spec.jsonArray) yield Buffer.from(first ? '[]\n' : '\n]\n');
}
