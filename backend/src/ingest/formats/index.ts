/**
 * Entry point of the report parsers: bytes in, ParsedReport out, no I/O.
 *
 *   parseReport(body, { format: 'auto', fileName: 'TEST-x.xml' })
 *
 * `format` is one of SUPPORTED_FORMATS, an alias (`go`, `mocha`, …) or
 * `auto` (default: recognise by content). Every failure is a
 * ReportFormatError whose message tells the uploader what to fix.
 */
import type { ParsedReport } from '../model.ts';
import { parseDartJson } from './dart-json.ts';
import {
  SUPPORTED_FORMATS,
  describeInput,
  detectFormat,
  readInput,
  supportedSentence,
  type FormatName,
  type ReportInput,
} from './detect.ts';
import { ReportFormatError, malformed } from './errors.ts';
import { parseGoTestJson } from './gotest-json.ts';
import { parseJunit } from './junit.ts';
import { parseMochaJson } from './mocha-json.ts';
import { parseNunit } from './nunit.ts';
import { parseRspecJson } from './rspec-json.ts';
import { decodeBody } from './text.ts';
import { parseTrx } from './trx.ts';

export { SUPPORTED_FORMATS, ReportFormatError, type FormatName };
export type { ReportFormatErrorCode } from './errors.ts';

export interface ParseReportOptions {
  /** A SUPPORTED_FORMATS name, an alias, or `auto` (default). */
  format?: string;
  /** Original file name; used only in messages. */
  fileName?: string;
}

const ALIASES: Record<string, FormatName> = {
  xunit: 'junit',
  'junit-xml': 'junit',
  'go-test-json': 'gotest-json',
  gotest: 'gotest-json',
  go: 'gotest-json',
  mocha: 'mocha-json',
  rspec: 'rspec-json',
  dart: 'dart-json',
  flutter: 'dart-json',
  'flutter-json': 'dart-json',
  nunit3: 'nunit',
  nunit2: 'nunit',
  'dotnet-trx': 'trx',
};

export function parseReport(body: Buffer, opts: ParseReportOptions = {}): ParsedReport {
  const requested = resolveFormatName(opts.format);
  const text = decodeBody(body);
  if (text.trim() === '') {
    throw new ReportFormatError(
      'INGEST_EMPTY_REPORT',
      `${opts.fileName ? `"${opts.fileName}"` : 'The uploaded report'} is empty (${body.length} bytes, no content). ` +
        'Check that the test runner wrote its report before the upload step ran, and that the path points at the report file.',
    );
  }
  const input = readInput(text, opts.fileName);
  const detected = detectFormat(input);
  const format = requested ?? detected;
  if (!format) {
    throw new ReportFormatError(
      'INGEST_UNKNOWN_FORMAT',
      `Could not recognise the report format: found ${describeInput(input)}. ${supportedSentence()}`,
    );
  }
  // A different recognised format, or an XML root we do not know (it would
  // parse to nothing), cannot be forced into the declared format.
  if (requested && detected !== requested && (detected || input.kind === 'xml')) {
    throw malformed(
      `The report was declared as ${requested} but ${detected ? `looks like ${detected}` : 'is not'} (${describeInput(input)}). ` +
        (detected ? `Send format=${detected} or format=auto.` : supportedSentence()),
    );
  }
  return dispatch(format, input);
}

export function resolveFormatName(name: string | undefined): FormatName | undefined {
  const n = name?.trim().toLowerCase();
  if (!n || n === 'auto') return undefined;
  if ((SUPPORTED_FORMATS as readonly string[]).includes(n)) return n as FormatName;
  const alias = ALIASES[n];
  if (alias) return alias;
  throw new ReportFormatError(
    'INGEST_UNKNOWN_FORMAT',
    `Unknown report format "${name}". Use auto or one of: ${SUPPORTED_FORMATS.join(', ')}.`,
  );
}

function dispatch(format: FormatName, input: ReportInput): ParsedReport {
  const wrong = (): never => {
    throw malformed(`The report was declared as ${format} but contains ${describeInput(input)}.`);
  };
  switch (format) {
    case 'junit':
    case 'trx':
    case 'nunit': {
      if (input.kind !== 'xml') return wrong();
      const parse = format === 'junit' ? parseJunit : format === 'trx' ? parseTrx : parseNunit;
      return parse(input.root);
    }
    case 'mocha-json':
    case 'rspec-json':
      if (input.kind !== 'json') return wrong();
      return format === 'mocha-json' ? parseMochaJson(input.value) : parseRspecJson(input.value);
    case 'gotest-json':
    case 'dart-json': {
      const lines = input.kind === 'lines' ? input.lines : input.kind === 'json' && isObject(input.value) ? [{ line: 1, value: input.value }] : wrong();
      return format === 'gotest-json' ? parseGoTestJson(lines) : parseDartJson(lines);
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
