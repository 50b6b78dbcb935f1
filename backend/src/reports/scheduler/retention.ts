/**
 * Report file retention. Rendered files (whatever the channel, "stored only"
 * included) live in DATA_DIR/reports/<tenant>/ and expire `retentionMs`
 * after their run finished. The sweep deletes them, marks the run
 * (`files` null, `files_expired_at` set) so history says so instead of
 * pointing at missing files, drops expired render-cache entries and old
 * delivery-ledger rows (kept at least a week: a retry must still find them), and removes
 * any other file in the report directories older than the retention (what a
 * crashed run left behind).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlExecutor } from '../../storage/metadata/driver.ts';
import type { RenderCache } from './render-cache.ts';

export interface SweepResult {
  runs: number;
  files: number;
  orphans: number;
  cacheEntries: number;
  ledgerRows: number;
}

/** Ledger rows outlive any retry of their tick (leases and backoff are minutes) by a wide margin. */
const LEDGER_MIN_MS = 7 * 86_400_000;

const BATCH = 500;

export async function sweepReportFiles(
  db: SqlExecutor,
  cache: RenderCache,
  dataDir: string,
  retentionMs: number,
  now: Date
): Promise<SweepResult> {
  const cutoff = new Date(now.getTime() - retentionMs);
  const out: SweepResult = { runs: 0, files: 0, orphans: 0, cacheEntries: 0, ledgerRows: 0 };
  for (;;) {
    const rows = await db.query<{ id: string; files: unknown }>(
      'SELECT id, files FROM report_runs WHERE files IS NOT NULL AND finished_at < $1 LIMIT $2',
      [cutoff, BATCH]
    );
    for (const r of rows) {
      const files = (typeof r.files === 'string' ? JSON.parse(r.files) : r.files) as { path: string }[];
      await Promise.all(files.map((f) => rm(f.path, { force: true })));
      await db.query('UPDATE report_runs SET files = NULL, files_expired_at = $2 WHERE id = $1', [r.id, now]);
      out.runs++;
      out.files += files.length;
    }
    if (rows.length < BATCH) break;
  }
  out.cacheEntries = await cache.sweep(now);
  const ledgerCutoff = new Date(now.getTime() - Math.max(retentionMs, LEDGER_MIN_MS));
  out.ledgerRows = (
    await db.query('DELETE FROM report_deliveries WHERE created_at < $1 RETURNING idempotency_key', [ledgerCutoff])
  ).length;
  const root = join(dataDir, 'reports');
  for (const tenant of await readdir(root).catch(() => [] as string[])) {
    for (const name of await readdir(join(root, tenant)).catch(() => [] as string[])) {
      const path = join(root, tenant, name);
      const s = await stat(path).catch(() => undefined);
      if (s?.isFile() && s.mtime < cutoff) {
        await rm(path, { force: true });
        out.orphans++;
      }
    }
  }
  return out;
}
