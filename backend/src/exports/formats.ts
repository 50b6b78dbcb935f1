/**
 * Export formats: how ClickHouse writes each one, the file extension and the
 * content type of the download. ClickHouse writes every format itself; the
 * server only moves bytes.
 */
export const EXPORT_FORMATS = ['csv', 'tsv', 'json', 'ndjson', 'parquet', 'avro', 'xml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * gzip is done by Node's zlib on the way to storage. Node 20 has no zstd, so
 * the engine compresses zstd exports (it picks the codec from the `.zst` name).
 */
export const EXPORT_COMPRESSIONS = ['none', 'gzip', 'zstd'] as const;
export type ExportCompression = (typeof EXPORT_COMPRESSIONS)[number];

/**
 * The engine writes every export file itself (INSERT INTO FUNCTION file),
 * then we stream that file to storage. Not the driver's stream() because
 * chDB (a) formats each block as a complete output (CSVWithNames repeats its
 * header, Parquet/Avro/XML become several concatenated files) and (b) ends a
 * streaming query when any other query runs on the shared session
 * ("No active streaming query"), which the audit log's flush alone triggers.
 */
export interface FormatSpec {
  /** ClickHouse format (and settings) the engine writes the file in. */
  readonly fileEngine: string;
  readonly fileSettings?: string;
  readonly ext: string;
  readonly contentType: string;
  /**
   * One line per row after `headerLines`: progress can count newlines while the engine writes.
   * `exact`: values cannot hold a raw newline (TSV and JSON escape it), so the final newline
   * count is the row count; CSV quotes multi-line values, so its rows are counted quote-aware
   * (row-counter.ts) as the tailed file streams to storage.
   */
  readonly lineRows?: { headerLines: number; exact: boolean };
  /** Spreadsheets open these: string cells get formula neutralisation. */
  readonly spreadsheet: boolean;
  /** The engine cannot read it back without a schema (XML): its rows are counted before the write. */
  readonly writeOnly?: boolean;
}

export const FORMAT_SPECS: Readonly<Record<ExportFormat, FormatSpec>> = {
  csv: {
    fileEngine: 'CSVWithNames',
    lineRows: { headerLines: 1, exact: false },
    ext: 'csv',
    contentType: 'text/csv; charset=utf-8',
    spreadsheet: true,
  },
  tsv: {
    fileEngine: 'TSVWithNames',
    lineRows: { headerLines: 1, exact: true },
    ext: 'tsv',
    contentType: 'text/tab-separated-values; charset=utf-8',
    spreadsheet: true,
  },
  json: {
    fileEngine: 'JSONEachRow',
    fileSettings: 'output_format_json_array_of_rows = 1',
    ext: 'json',
    contentType: 'application/json',
    spreadsheet: false,
  },
  ndjson: {
    fileEngine: 'JSONEachRow',
    lineRows: { headerLines: 0, exact: true },
    ext: 'ndjson',
    contentType: 'application/x-ndjson',
    spreadsheet: false,
  },
  parquet: { fileEngine: 'Parquet', ext: 'parquet', contentType: 'application/vnd.apache.parquet', spreadsheet: false },
  avro: { fileEngine: 'Avro', ext: 'avro', contentType: 'application/avro', spreadsheet: false },
  xml: { fileEngine: 'XML', ext: 'xml', contentType: 'application/xml', spreadsheet: false, writeOnly: true },
};

export function fileExtension(format: ExportFormat, compression: ExportCompression): string {
  const ext = FORMAT_SPECS[format].ext;
  return compression === 'gzip' ? `${ext}.gz` : compression === 'zstd' ? `${ext}.zst` : ext;
}

export function contentTypeOf(format: ExportFormat, compression: ExportCompression): string {
  if (compression === 'gzip') return 'application/gzip';
  return compression === 'zstd' ? 'application/zstd' : FORMAT_SPECS[format].contentType;
}
