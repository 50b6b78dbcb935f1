/** Format detection (auto), declared formats and aliases, text encodings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SUPPORTED_FORMATS, parseReport, resolveFormatName } from '../../../src/ingest/formats/index.ts';
import { counts, parseSample, sample } from './helpers.ts';

const BY_FORMAT: Record<string, string> = {
  junit: 'junit/gradle.xml',
  trx: 'mstest.trx',
  nunit: 'nunit3.xml',
  'gotest-json': 'gotest.ndjson',
  'mocha-json': 'mocha.json',
  'rspec-json': 'rspec.json',
  'dart-json': 'dart.ndjson',
};

test('SUPPORTED_FORMATS names the seven report formats', () => {
  assert.deepEqual([...SUPPORTED_FORMATS].sort(), Object.keys(BY_FORMAT).sort());
});

for (const [format, file] of Object.entries(BY_FORMAT)) {
  test(`auto-detects ${format} from content alone`, () => {
    // No file name: detection must not depend on it.
    assert.equal(parseReport(sample(file)).format, format);
    assert.equal(parseReport(sample(file), { format: 'auto' }).format, format);
    assert.equal(parseReport(sample(file), { format }).format, format);
  });
}

test('NUnit 2 (<test-results>) is detected as nunit', () => {
  assert.equal(parseSample('nunit2.xml').format, 'nunit');
});

test('aliases resolve to format names; names are case-insensitive', () => {
  assert.equal(resolveFormatName('go'), 'gotest-json');
  assert.equal(resolveFormatName('Mocha'), 'mocha-json');
  assert.equal(resolveFormatName('flutter'), 'dart-json');
  assert.equal(resolveFormatName('JUnit'), 'junit');
  assert.equal(resolveFormatName('auto'), undefined);
  assert.equal(resolveFormatName(undefined), undefined);
  assert.equal(parseReport(sample('rspec.json'), { format: 'rspec' }).format, 'rspec-json');
});

test('a declared format that contradicts the content is refused with the detected one named', () => {
  assert.throws(
    () => parseReport(sample('junit/gradle.xml'), { format: 'trx' }),
    (e: Error & { code?: string }) =>
      e.code === 'INGEST_MALFORMED_REPORT' && /declared as trx but looks like junit/.test(e.message) && /format=junit/.test(e.message),
  );
  assert.throws(
    () => parseReport(sample('mocha.json'), { format: 'gotest-json' }),
    (e: Error & { code?: string }) => e.code === 'INGEST_MALFORMED_REPORT' && /looks like mocha-json/.test(e.message),
  );
});

test('UTF-8 BOM is stripped', () => {
  const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sample('junit/gradle.xml')]);
  assert.deepEqual(counts(parseReport(body)), { passed: 1, failed: 1, skipped: 1 });
  const json = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sample('rspec.json')]);
  assert.equal(parseReport(json).format, 'rspec-json');
});

test('UTF-16 LE and BE reports (with BOM, as Visual Studio writes TRX) are decoded', () => {
  const text = sample('mstest.trx').toString('utf8').replace('encoding="utf-8"', 'encoding="utf-16"');
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  assert.deepEqual(counts(parseReport(le)), { passed: 3, failed: 4, skipped: 1 });
  const be = Buffer.from(le);
  be.swap16();
  assert.deepEqual(counts(parseReport(be)), { passed: 3, failed: 4, skipped: 1 });
  // No BOM: recognised from the "<\0" pattern.
  assert.equal(parseReport(Buffer.from(text, 'utf16le')).format, 'trx');
});

test('a legacy encoding named in the XML declaration is honoured', () => {
  const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><testsuite name="Caf\u00e9"><testcase name="cr\u00e8me"/></testsuite>';
  const r = parseReport(Buffer.from(xml, 'latin1'));
  assert.equal(r.cases[0]?.suite, 'Caf\u00e9');
  assert.equal(r.cases[0]?.name, 'cr\u00e8me');
});

test('character references and predefined entities are decoded in text and attributes', () => {
  const xml = `<testsuite name="a&amp;b"><testcase name="x &lt; y &#x263A; &#65;"><failure message="line1&#10;line2">&quot;q&quot; &apos;s&apos; &custom;</failure></testcase></testsuite>`;
  const tc = parseReport(Buffer.from(xml)).cases[0];
  assert.equal(tc?.suite, 'a&b');
  assert.equal(tc?.name, 'x < y \u263a A');
  assert.equal(tc?.error?.message, 'line1\nline2');
  assert.equal(tc?.error?.stack, `"q" 's' &custom;`, 'unknown entities stay literal, never expanded');
});

test('a JSON report after console chatter (mocha --reporter json > file) is still read', () => {
  const body = Buffer.concat([Buffer.from('connecting to db...\nseeded 3 users\n'), sample('mocha.json')]);
  assert.deepEqual(counts(parseReport(body)), { passed: 2, failed: 2, skipped: 1 });
});

test('a single-line JSON report after chatter is read as JSON, NDJSON after chatter as events', () => {
  const one = JSON.stringify(JSON.parse(sample('rspec.json').toString('utf8')));
  assert.equal(parseReport(Buffer.from(`Running via Spring preloader\n${one}\n`)).format, 'rspec-json');
  assert.equal(parseReport(sample('gotest.ndjson')).format, 'gotest-json', 'starts with "go: downloading"');
});

test('whitespace before the XML declaration is forgiven', () => {
  const body = Buffer.from('  \n<?xml version="1.0"?>\n<testsuite name="s"><testcase name="t"/></testsuite>\n');
  assert.equal(parseReport(body).cases.length, 1);
});
