/**
 * Reads decoded text into one of three shapes (XML tree, JSON document, NDJSON
 * event lines) and recognises the report format from that shape. Detection is
 * by content; the file name is only a tie-breaker and a hint in messages.
 */
import { ReportFormatError } from './errors.ts';
import { parseJsonDocument, parseJsonLines, type JsonLine } from './json.ts';
import { parseXml, type XmlElement } from './xml.ts';

export type FormatName = 'junit' | 'trx' | 'nunit' | 'gotest-json' | 'mocha-json' | 'rspec-json' | 'dart-json';

export const SUPPORTED_FORMATS: readonly FormatName[] = [
  'junit',
  'trx',
  'nunit',
  'gotest-json',
  'mocha-json',
  'rspec-json',
  'dart-json',
];

export type ReportInput =
  | { kind: 'xml'; root: XmlElement }
  | { kind: 'json'; value: unknown }
  | { kind: 'lines'; lines: JsonLine[] };

export function readInput(text: string, fileName?: string): ReportInput {
  const start = text.trimStart();
  if (/^<(!doctype\s+html|html)[\s>]/i.test(start)) {
    // Commonly a proxy's error page saved instead of the report.
    throw new ReportFormatError(
      'INGEST_UNKNOWN_FORMAT',
      `${fileName ? `"${fileName}" is` : 'The upload is'} an HTML page, not a test report (an error page saved in its place, or the wrong file?). ${supportedSentence()}`,
    );
  }
  // Whitespace before "<?xml" (files written by shell scripts) is an XML
  // error we forgive; otherwise parse as-is so error positions match the file.
  if (start.startsWith('<')) return { kind: 'xml', root: parseXml(start.startsWith('<?xml') ? start : text) };
  if (start.startsWith('[') || start.startsWith('{')) {
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch {
      // Several JSON objects, one per line, is NDJSON; anything else is broken JSON.
      const nl = start.indexOf('\n');
      const head = (nl === -1 ? start : start.slice(0, nl)).trim();
      if (!looksLikeJsonObject(head)) parseJsonDocument(text); // throws with a position
      return { kind: 'lines', lines: parseJsonLines(text, 'NDJSON') };
    }
  }
  // A JSON document after console chatter (`mocha --reporter json > out.json`
  // with tests that log), or NDJSON after tool chatter ("go: downloading …").
  const jsonAt = start.search(/^[ \t]*[{[]/m);
  if (jsonAt > 0) {
    try {
      return { kind: 'json', value: JSON.parse(start.slice(jsonAt)) };
    } catch {
      // not one document: try event lines below
    }
  }
  const lines = parseJsonLines(text, 'NDJSON');
  if (lines.length > 0) return { kind: 'lines', lines };
  throw new ReportFormatError(
    'INGEST_UNKNOWN_FORMAT',
    `${fileName ? `"${fileName}" is` : 'The report is'} neither XML nor JSON (it starts with ` +
      `${JSON.stringify(start.slice(0, 20))}). ${supportedSentence()}`,
  );
}

function looksLikeJsonObject(line: string): boolean {
  if (!line.startsWith('{') || !line.endsWith('}')) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

export function detectFormat(input: ReportInput): FormatName | undefined {
  if (input.kind === 'xml') return detectXml(input.root);
  if (input.kind === 'json') {
    const v = input.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.examples)) return 'rspec-json';
    if (o.stats && typeof o.stats === 'object' && (Array.isArray(o.tests) || Array.isArray(o.passes))) return 'mocha-json';
    return detectLines([{ line: 1, value: o }]);
  }
  return detectLines(input.lines);
}

function detectXml(root: XmlElement): FormatName | undefined {
  switch (root.name) {
    case 'testsuites':
    case 'testsuite':
      return 'junit';
    case 'TestRun':
      return 'trx';
    case 'test-run':
    case 'test-results':
    case 'test-suite':
      return 'nunit';
    default:
      return undefined;
  }
}

function detectLines(lines: JsonLine[]): FormatName | undefined {
  for (const { value } of lines.slice(0, 50)) {
    if (typeof value.Action === 'string') return 'gotest-json';
    if (typeof value.type === 'string' && ('protocolVersion' in value || 'testID' in value || 'suite' in value || 'test' in value)) {
      return 'dart-json';
    }
  }
  return undefined;
}

/** Short description of what was found, for "looks like X" messages. */
export function describeInput(input: ReportInput): string {
  if (input.kind === 'xml') return `XML with root element <${input.root.name}>`;
  if (input.kind === 'lines') return 'NDJSON event lines';
  const v = input.value;
  if (Array.isArray(v)) return 'a JSON array';
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).slice(0, 5);
    return `a JSON object with keys ${keys.map((k) => JSON.stringify(k)).join(', ') || '(none)'}`;
  }
  return `a JSON ${v === null ? 'null' : typeof v}`;
}

export function supportedSentence(): string {
  return `Supported formats: ${SUPPORTED_FORMATS.join(', ')} (JUnit XML covers Surefire, Gradle, pytest, jest-junit, PHPUnit, go-junit-report and most other runners).`;
}
