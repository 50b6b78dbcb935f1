/**
 * Counts the rows of a file the engine wrote, by letting the engine parse it
 * (quoted multi-line CSV values count once; zstd is decompressed by its .zst
 * name). The engine infers the file's columns from its first row, so a file
 * with no row (a CSV/TSV header alone, an empty NDJSON, JSON's "[ ]") cannot be
 * read in its own format: when that read fails, the file's non-blank lines
 * are counted instead, and a file with no line beyond its framing (header,
 * brackets) has 0 rows. Anything else re-throws the engine's error.
 */
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import { FORMAT_SPECS, type ExportFormat } from './formats.ts';

/** Lines that are not rows in an empty file of each line-based format (Parquet/Avro read back empty fine). */
const FRAMING_LINES: Partial<Record<ExportFormat, number>> = { csv: 1, tsv: 1, ndjson: 0, json: 2 };

export async function countWrittenRows(analytics: AnalyticsDriver, format: ExportFormat, path: string): Promise<number> {
  // fileEngine is a constant of FORMAT_SPECS; the path is bound.
  const engine = FORMAT_SPECS[format].fileEngine;
  try {
    const [r] = await analytics.query<{ c: number | string }>(`SELECT count() AS c FROM file({path:String}, '${engine}')`, { path });
    return Number(r?.c ?? 0);
  } catch (err) {
    const framing = FRAMING_LINES[format];
    if (framing === undefined) throw err;
    const [l] = await analytics.query<{ c: number | string }>(
      `SELECT count() AS c FROM file({path:String}, 'LineAsString') WHERE trimBoth(line) != ''`,
      { path }
    );
    if (Number(l?.c ?? 0) <= framing) return 0;
    throw err;
  }
}
