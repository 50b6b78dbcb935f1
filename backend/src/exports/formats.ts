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

/**
 * chDB's streaming API formats every block as a complete output of its own:
 * CSVWithNames repeats its header per block, Parquet/Avro/XML become several
 * concatenated files. So row formats stream header-less (`stream`), with the
 * header or JSON array brackets written here; container formats (`file`)
 * are written by the engine to a temp file (one valid file) and then moved
 * through storage.
 */
export interface FormatSpec {
  /** ClickHouse output format name. */
  readonly engine: string;
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
    mode: 'stream',
    header: 'csv',
    ext: 'csv',
    contentType: 'text/csv; charset=utf-8',
    spreadsheet: true,
  },
  tsv: {
    engine: 'TSV',
    mode: 'stream',
    header: 'tsv',
    ext: 'tsv',
    contentType: 'text/tab-separated-values; charset=utf-8',
    spreadsheet: true,
  },
  json: {
    engine: 'JSONEachRow',
    mode: 'stream',
    jsonArray: true,
    ext: 'json',
    contentType: 'application/json',
    spreadsheet: false,
  },
  ndjson: {
    engine: 'JSONEachRow',
    mode: 'stream',
    ext: 'ndjson',
    contentType: 'application/x-ndjson',
    spreadsheet: false,
  },
  parquet: {
    engine: 'Parquet',
    mode: 'file',
    ext: 'parquet',
    contentType: 'application/vnd.apache.parquet',
    spreadsheet: false,
  },
  avro: { engine: 'Avro', mode: 'file', ext: 'avro', contentType: 'application/avro', spreadsheet: false },
  xml: { engine: 'XML', mode: 'file', ext: 'xml', contentType: 'application/xml', spreadsheet: false },
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
  return compression === 'gzip' ? `${ext}.gz` : ext;
}
