/**
 * Engine settings for the export write only (INSERT INTO FUNCTION file …),
 * to bound the engine's memory for exports of millions of rows: fewer
 * threads (each thread keeps its own aggregation state and buffers), and
 * aggregation and sorting that spill to disk past a threshold instead of
 * growing in memory; an optional hard cap that fails the job with a clear
 * error (EXPORT_MEMORY_LIMIT) instead of taking the server down. Dashboards
 * and reports keep the engine's defaults.
 *
 * Printed into SQL, so every value is a validated safe integer from config
 * (never request input); 0 leaves a setting at the engine's default.
 */
import { AppError } from '../errors/app-error.ts';

export interface ExportEngineLimits {
  maxThreads: number;
  /** Aggregation state past this many bytes spills to disk (max_bytes_before_external_group_by). */
  externalGroupByBytes: number;
  /** Sort buffers past this many bytes spill to disk (max_bytes_before_external_sort). */
  externalSortBytes: number;
  /** Hard cap of the write's engine memory (max_memory_usage). */
  maxMemoryBytes: number;
  /** Rows per block read and processed (max_block_size): smaller blocks, smaller buffers in flight. */
  blockRows?: number;
  /** A Parquet row group is buffered whole before it is written: rows and bytes that close one. */
  parquetRowGroupRows?: number;
  parquetRowGroupBytes?: number;
}

const MB = 1024 * 1024;

/**
 * The engine's default Parquet row group is 1M rows (or 512 MB): a 10M-row raw
 * export held ~380 MB for it. 128Ki rows, or 32 MB for wide rows, measured
 * ~140 MB and a file of the same size (the bytes cap alone, for narrow rows,
 * lets groups grow to ~800k rows again, so both are set).
 */
const PARQUET_ROW_GROUP_ROWS = 131_072;
const PARQUET_ROW_GROUP_BYTES = 32 * MB;

export function limitsFromConfig(c: {
  engineMaxThreads: number;
  engineSpillMb: number;
  engineMaxMemoryMb: number;
  engineBlockRows?: number;
}): ExportEngineLimits {
  return {
    maxThreads: c.engineMaxThreads,
    externalGroupByBytes: c.engineSpillMb * MB,
    externalSortBytes: c.engineSpillMb * MB,
    maxMemoryBytes: c.engineMaxMemoryMb * MB,
    blockRows: c.engineBlockRows ?? 0,
    parquetRowGroupRows: PARQUET_ROW_GROUP_ROWS,
    parquetRowGroupBytes: PARQUET_ROW_GROUP_BYTES,
  };
}

export function engineSettings(l: ExportEngineLimits): string {
  const pairs: [string, number][] = [
    ['max_threads', l.maxThreads],
    ['max_bytes_before_external_group_by', l.externalGroupByBytes],
    ['max_bytes_before_external_sort', l.externalSortBytes],
    ['max_memory_usage', l.maxMemoryBytes],
    ['max_block_size', l.blockRows ?? 0],
    // Read only by the Parquet writer; the other formats ignore them.
    ['output_format_parquet_row_group_size', l.parquetRowGroupRows ?? 0],
    ['output_format_parquet_row_group_size_bytes', l.parquetRowGroupBytes ?? 0],
  ];
  for (const [name, v] of pairs) if (!Number.isSafeInteger(v) || v < 0) throw new Error(`invalid export engine setting ${name}=${v}`);
  const set = pairs.filter(([, v]) => v > 0);
  // The engine spills a sort only once the whole query also uses more than
  // max_bytes_ratio_before_external_sort (0.5) of the machine's memory: on a
  // 24 GiB host a 10M-row ORDER BY never spilled and held ~450 MB. Ratio 0
  // removes that gate, so the byte threshold above is the bound; the same for
  // GROUP BY, where the ratio is a second trigger we do not want to depend on.
  if (l.externalSortBytes > 0) set.push(['max_bytes_ratio_before_external_sort', 0]);
  if (l.externalGroupByBytes > 0) set.push(['max_bytes_ratio_before_external_group_by', 0]);
  return set.map(([name, v]) => `${name} = ${v}`).join(', ');
}

/** The engine's memory-limit failure as the job's coded error; anything else unchanged. */
export function memoryLimitError(err: unknown, l: ExportEngineLimits): unknown {
  const text = err instanceof Error ? err.message : String(err);
  if (l.maxMemoryBytes > 0 && /MEMORY_LIMIT_EXCEEDED|Memory limit \(for query\) exceeded/.test(text))
    return new AppError(
      'EXPORT_MEMORY_LIMIT',
      `The export needed more than ${Math.round(l.maxMemoryBytes / MB)} MB of engine memory (SEMANTEST_EXPORT_ENGINE_MAX_MEMORY_MB). Narrow the time range or filters, or lower the row limit.`
    );
  return err;
}
