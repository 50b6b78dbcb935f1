/**
 * Hostile and broken uploads. Threats: entity expansion (billion laughs),
 * external entities (XXE), prototype pollution through names, deep nesting.
 * Broken files must fail with a coded error whose message tells the user
 * where and what to fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReportFormatError, parseReport } from '../../../src/ingest/formats/index.ts';
import { sample } from './helpers.ts';

function failure(body: string | Buffer, opts?: { format?: string; fileName?: string }): ReportFormatError {
  try {
    parseReport(typeof body === 'string' ? Buffer.from(body) : body, opts);
  } catch (e) {
    assert.ok(e instanceof ReportFormatError, `expected ReportFormatError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected parseReport to throw');
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<testsuite name="lolz"><testcase name="&lol9;"><failure message="&lol9;">&lol9;</failure></testcase></testsuite>`;

test('billion laughs: the DOCTYPE is refused before any expansion', () => {
  const e = failure(BILLION_LAUGHS);
  assert.equal(e.code, 'INGEST_MALFORMED_REPORT');
  assert.match(e.message, /DOCTYPE\/ENTITY declaration at line 2, column 1/);
  assert.match(e.message, /remove the <!DOCTYPE/);
});

test('entity references without declarations are left as literal text, never expanded', () => {
  const r = parseReport(Buffer.from('<testsuite name="s"><testcase name="&lol9;"/></testsuite>'));
  assert.equal(r.cases[0]?.name, '&lol9;');
});

test('XXE: external entities are refused and the file is never read', () => {
  for (const xxe of [
    `<?xml version="1.0"?><!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><testsuite name="&xxe;"><testcase name="&xxe;"/></testsuite>`,
    `<?xml version="1.0"?><!DOCTYPE t [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><testsuite name="s"/>`,
    `<!DOCTYPE testsuite SYSTEM "http://127.0.0.1:1/evil.dtd"><testsuite name="s"/>`,
  ]) {
    const e = failure(xxe);
    assert.equal(e.code, 'INGEST_MALFORMED_REPORT');
    assert.doesNotMatch(e.message, /root:/);
  }
});

test('a declaration smuggled inside the root element is refused too', () => {
  const e = failure('<testsuite name="s"><!DOCTYPE x [<!ENTITY a "b">]><testcase name="&a;"/></testsuite>');
  assert.equal(e.code, 'INGEST_MALFORMED_REPORT');
  assert.match(e.message, /line 1, column 21/);
});

test('"<!DOCTYPE" inside CDATA or a comment is content, not a declaration', () => {
  const xml = `<testsuite name="s"><!-- <!DOCTYPE html> --><testcase name="t"><system-out><![CDATA[<!DOCTYPE html><html></html>]]></system-out></testcase></testsuite>`;
  const r = parseReport(Buffer.from(xml));
  assert.equal(r.cases[0]?.stdout, '<!DOCTYPE html><html></html>');
});

test('names like __proto__ cannot pollute prototypes', () => {
  const junit = `<testsuite name="s"><testcase name="__proto__"><properties><property name="__proto__" value="polluted"/><property name="polluted" value="yes"/></properties></testcase></testsuite>`;
  const r = parseReport(Buffer.from(junit));
  assert.equal(r.cases[0]?.name, '__proto__');
  assert.equal(r.cases[0]?.labels?.polluted, 'yes');
  assert.equal(r.cases[0]?.labels?.['__proto__'], 'polluted', 'kept as an ordinary label');
  const nunit = `<test-run><test-case name="t" result="Passed"><properties><property name="constructor" value="x"/></properties></test-case></test-run>`;
  assert.equal(parseReport(Buffer.from(nunit)).cases[0]?.labels?.constructor, 'x');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  // An attribute *named* __proto__ is an ordinary key of a null-prototype map.
  const odd = parseReport(Buffer.from('<testsuite name="s"><testcase __proto__="x" name="t"/></testsuite>'));
  assert.equal(odd.cases[0]?.name, 't');
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test('absurdly deep nesting is a malformed report, not a crash', () => {
  const depth = 5000;
  const xml = '<testsuites>' + '<testsuite name="s">'.repeat(depth) + '</testsuite>'.repeat(depth) + '</testsuites>';
  const e = failure(xml);
  assert.equal(e.code, 'INGEST_MALFORMED_REPORT');
});

test('truncated XML: position and a "looks truncated" hint', () => {
  const full = sample('junit/surefire.xml').toString('utf8');
  const e = failure(full.slice(0, Math.floor(full.length / 2)));
  assert.equal(e.code, 'INGEST_MALFORMED_REPORT');
  assert.match(e.message, /^XML is not well-formed at line \d+, column \d+: unexpected end of input/);
  assert.match(e.message, /<testsuite>/);
  assert.match(e.message, /looks truncated/);
});

test('mismatched tags: the line and column of the problem', () => {
  const e = failure('<testsuite name="s">\n  <testcase name="t">\n  </testsuite>\n');
  assert.equal(e.code, 'INGEST_MALFORMED_REPORT');
  assert.match(e.message, /line 3, column \d+/);
  assert.match(e.message, /testcase/);
});

test('truncated JSON: position and hint', () => {
  const full = sample('mocha.json').toString('utf8');
  const e = failure(full.slice(0, 700));
  assert.equal(e.code, 'INGEST_MALFORMED_REPORT');
  assert.match(e.message, /JSON is not valid at line \d+, column \d+: .*looks truncated/);
});

test('broken JSON in the middle: exact line and column', () => {
  const e = failure('{\n  "stats": {},\n  "tests": [ , ]\n}');
  assert.equal(e.code, 'INGEST_MALFORMED_REPORT');
  assert.match(e.message, /line 3, column 14/);
  assert.doesNotMatch(e.message, /looks truncated/);
});

test('NDJSON: a broken event line is reported by line number; a cut last line is called truncated', () => {
  const lines = sample('gotest.ndjson').toString('utf8').split('\n');
  const broken = [...lines.slice(0, 3), '{"Action":"run",,}', ...lines.slice(4)].join('\n');
  const e = failure(broken);
  assert.equal(e.code, 'INGEST_MALFORMED_REPORT');
  assert.match(e.message, /line 4 is not valid JSON/);
  const cut = lines.slice(0, 6).join('\n') + '\n{"Time":"2024-06-01T12:00:00Z","Act';
  assert.match(failure(cut).message, /line 7 .*truncated/);
});

test('empty and whitespace-only bodies are INGEST_EMPTY_REPORT', () => {
  for (const body of ['', '   \n\t  ', '\ufeff', Buffer.from([0xef, 0xbb, 0xbf, 0x0a])]) {
    const e = failure(body, { fileName: 'report.xml' });
    assert.equal(e.code, 'INGEST_EMPTY_REPORT');
    assert.match(e.message, /"report.xml" is empty/);
  }
});

test('valid XML or JSON in no known format is INGEST_UNKNOWN_FORMAT naming the supported ones', () => {
  for (const [body, found] of [
    ['<html><body>502 Bad Gateway<br></body></html>', /an HTML page, not a test report/],
    ['<!DOCTYPE html>\n<html lang="en"><head><title>Sign in</title></head></html>', /an HTML page/],
    ['<report><item/></report>', /root element <report>/],
    ['{"coverage": 81.5}', /"coverage"/],
    ['[1, 2, 3]', /JSON array/],
    ['{"event":"x"}\n{"event":"y"}\n', /NDJSON/],
  ] as const) {
    const e = failure(body);
    assert.equal(e.code, 'INGEST_UNKNOWN_FORMAT');
    assert.match(e.message, found);
    assert.match(e.message, /Supported formats: junit, trx, nunit, gotest-json, mocha-json, rspec-json, dart-json/);
  }
});

test('plain text is INGEST_UNKNOWN_FORMAT', () => {
  const e = failure('PASS ok  github.com/acme/x 0.01s\n', { fileName: 'go.log' });
  assert.equal(e.code, 'INGEST_UNKNOWN_FORMAT');
  assert.match(e.message, /"go.log" is neither XML nor JSON/);
});

test('an unknown format name is INGEST_UNKNOWN_FORMAT listing the choices', () => {
  const e = failure('<testsuite/>', { format: 'cucumber' });
  assert.equal(e.code, 'INGEST_UNKNOWN_FORMAT');
  assert.match(e.message, /Unknown report format "cucumber". Use auto or one of: junit, trx/);
});

test('a declared XML format on an unknown root is refused rather than parsed to nothing', () => {
  const e = failure('<html/>', { format: 'junit' });
  assert.equal(e.code, 'INGEST_MALFORMED_REPORT');
  assert.match(e.message, /declared as junit but is not/);
});

test('ReportFormatError is an Error with a stable code and name', () => {
  const e = failure('');
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'ReportFormatError');
});
