/**
 * Export formats: how ClickHouse writes each one, the file extension and the
 * content type of the download. ClickHouse writes every format itself; the
 * server only moves bytes.
 */
export const EXPORT_FORMATS = ['csv', 'tsv', 'json', 'ndjson', 'parquet', 'avro', 'xml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * gzip is done by Node's zlib on the stream. Node 20 has no zstd, so zstd
 * exports are written by the engine to a `.zst` temp file (ClickHouse picks
 * the codec from the extension), like the container formats.
 */
export const EXPORT_COMPRESSIONS = ['none', 'gzip', 'zstd'] as const;
export type ExportCompression = (typeof EXPORT_COMPRESSIONS)[number];

/**
 * chDB's streaming API formats every block as a complete output of its own:
 * CSVWithNames repeats its header per block, Parquet/Avro/XML become several
 * concatenated files. So row formats stream header-less (`stream`), with the
 * header or JSON array brackets written here; container formats (`file`)
 * are written by the engine to a temp file (one valid file) and then moved
 * through storage.
 */
export interface FormatSpec {
  /** ClickHouse output format name on the stream. */
  readonly engine: string;
  /** ClickHouse format (and settings) when the engine writes the whole file itself. */
  readonly fileEngine: string;
  readonly fileSettings?: string;
  readonly mode: 'stream' | 'file';
  readonly ext: string;
  readonly contentType: string;
  /** Stream mode: how the header line is written (none for NDJSON). */
  readonly header?: 'csv' | 'tsv';
  /** Stream mode: JSONEachRow rows joined into one JSON array. */
  readonly jsonArray?: boolean;
  /** Spreadsheets open these: string cells get formula neutralisation. */
  readonly spreadsheet: boolean;
}

export const FORMAT_SPECS: Readonly<Record<ExportFormat, FormatSpec>> = {
  csv: {
    engine: 'CSV',
    fileEngine: 'CSVWithNames',
    mode: 'stream',
    header: 'csv',
    ext: 'csv',
    contentType: 'text/csv; charset=utf-8',
    spreadsheet: true,
  },
  tsv: {
    engine: 'TSV',
    fileEngine: 'TSVWithNames',
    mode: 'stream',
    header: 'tsv',
    ext: 'tsv',
    contentType: 'text/tab-separated-values; charset=utf-8',
    spreadsheet: true,
  },
  json: {
    engine: 'JSONEachRow',
    fileEngine: 'JSONEachRow',
    fileSettings: 'output_format_json_array_of_rows = 1',
    mode: 'stream',
    jsonArray: true,
    ext: 'json',
    contentType: 'application/json',
    spreadsheet: false,
  },
  ndjson: {
    engine: 'JSONEachRow',
    fileEngine: 'JSONEachRow',
    mode: 'stream',
    ext: 'ndjson',
    contentType: 'application/x-ndjson',
    spreadsheet: false,
  },
  parquet: {
    engine: 'Parquet',
    fileEngine: 'Parquet',
    mode: 'file',
    ext: 'parquet',
    contentType: 'application/vnd.apache.parquet',
    spreadsheet: false,
  },
  avro: {
    engine: 'Avro',
    fileEngine: 'Avro',
    mode: 'file',
    ext: 'avro',
    contentType: 'application/avro',
    spreadsheet: false,
  },
  xml: {
    engine: 'XML',
    fileEngine: 'XML',
    mode: 'file',
    ext: 'xml',
    contentType: 'application/xml',
    spreadsheet: false,
  },
};

const FORMULA_START = /^[=+\-@\t\r]/;

/** The header line we write for header formats (same neutralisation as the cells). */
export function headerLine(kind: 'csv' | 'tsv', names: readonly string[]): string {
  const safe = names.map((n) => (FORMULA_START.test(n) ? `'${n}` : n));
  if (kind === 'csv') return safe.map((n) => `"${n.replaceAll('"', '""')}"`).join(',') + '\n';
  return (
    safe
      .map((n) => n.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!))
      .join('\t') + '\n'
  );
}

export function fileExtension(format: ExportFormat, compression: ExportCompression): string {
  const ext = FORMAT_SPECS[format].ext;
  return compression === 'gzip' ? `${ext}.gz` : compression === 'zstd' ? `${ext}.zst` : ext;
}

export function contentTypeOf(format: ExportFormat, compression: ExportCompression): string {
  if (compression === 'gzip') return 'application/gzip';
  return compression === 'zstd' ? 'application/zstd' : FORMAT_SPECS[format].contentType;
}
