/**
 * Export formats: how ClickHouse writes each one, the file extension and the
 * content type of the download. ClickHouse writes every format itself; the
 * server only moves bytes.
 */
export const EXPORT_FORMATS = ['csv', 'tsv', 'json', 'ndjson', 'parquet', 'avro', 'xml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** zstd is not offered: Node 20's zlib has no zstd and the engine stream is uncompressed. */
export const EXPORT_COMPRESSIONS = ['none', 'gzip'] as const;
export type ExportCompression = (typeof EXPORT_COMPRESSIONS)[number];

export interface FormatSpec {
  /** ClickHouse output format name. */
  readonly engine: string;
  readonly ext: string;
  readonly contentType: string;
  /** Extra engine settings appended to the query (identifiers/literals we own, never user input). */
  readonly settings?: string;
  /** Rows are newline-terminated lines, so progress can count newlines; header lines to subtract. */
  readonly lineRows?: { headerLines: number };
  /** Spreadsheets open these: string cells get formula neutralisation. */
  readonly spreadsheet: boolean;
}

export const FORMAT_SPECS: Readonly<Record<ExportFormat, FormatSpec>> = {
  csv: { engine: 'CSVWithNames', ext: 'csv', contentType: 'text/csv; charset=utf-8', lineRows: { headerLines: 1 }, spreadsheet: true },
  tsv: { engine: 'TSVWithNames', ext: 'tsv', contentType: 'text/tab-separated-values; charset=utf-8', lineRows: { headerLines: 1 }, spreadsheet: true },
  json: { engine: 'JSONEachRow', ext: 'json', contentType: 'application/json', settings: 'output_format_json_array_of_rows = 1', spreadsheet: false },
  ndjson: { engine: 'JSONEachRow', ext: 'ndjson', contentType: 'application/x-ndjson', lineRows: { headerLines: 0 }, spreadsheet: false },
  parquet: { engine: 'Parquet', ext: 'parquet', contentType: 'application/vnd.apache.parquet', spreadsheet: false },
  avro: { engine: 'Avro', ext: 'avro', contentType: 'application/avro', spreadsheet: false },
  xml: { engine: 'XML', ext: 'xml', contentType: 'application/xml', spreadsheet: false },
};

export function fileExtension(format: ExportFormat, compression: ExportCompression): string {
  const ext = FORMAT_SPECS[format].ext;
  return compression === 'gzip' ? `${ext}.gz` : ext;
}
