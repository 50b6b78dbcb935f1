/**
 * Local measurement, not a test: how long parseReport takes on a ~500-case
 * JUnit file (10 suites × 50 cases, 10% failures with stack traces, some
 * output). Run: cd backend && node --import tsx test/ingest/formats/measure-junit-speed.ts
 * Prints medians of 41 interleaved runs after warm-up, as wall time and as
 * process CPU time (steadier on a loaded shared machine), with JSON.parse of
 * a same-content JSON document as the in-run baseline.
 */
import { parseReport } from '../../../src/ingest/formats/index.ts';

function junit(suites: number, perSuite: number): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">'];
  for (let s = 0; s < suites; s++) {
    parts.push(`<testsuite name="com.acme.Suite${s}" tests="${perSuite}" time="1.5" timestamp="2024-06-01T12:00:00">`);
    parts.push('<properties><property name="browser" value="chromium"/></properties>');
    for (let c = 0; c < perSuite; c++) {
      const name = `test case number ${c} does something &amp; checks it`;
      if (c % 10 === 3) {
        parts.push(
          `<testcase name="${name}" classname="com.acme.Suite${s}" time="0.0${c}"><failure message="expected &lt;1&gt; but was &lt;2&gt;" type="java.lang.AssertionError"><![CDATA[java.lang.AssertionError: expected <1> but was <2>\n` +
            Array.from({ length: 20 }, (_, i) => `\tat com.acme.Suite${s}.method${i}(Suite${s}.java:${i + 10})`).join('\n') +
            `]]></failure><system-out><![CDATA[log line a\nlog line b\n]]></system-out></testcase>`,
        );
      } else if (c % 25 === 7) {
        parts.push(`<testcase name="${name}" classname="com.acme.Suite${s}" time="0"><skipped message="later"/></testcase>`);
      } else {
        parts.push(`<testcase name="${name}" classname="com.acme.Suite${s}" time="0.00${c}"/>`);
      }
    }
    parts.push('</testsuite>');
  }
  parts.push('</testsuites>');
  return parts.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const xml = Buffer.from(junit(10, 50));
const report = parseReport(xml);
const json = JSON.stringify(report);
const parseMs: number[] = [];
const parseCpuMs: number[] = [];
const jsonMs: number[] = [];
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
for (let i = 0; i < 10; i++) parseReport(xml);
for (let i = 0; i < 41; i++) {
  let t = performance.now();
  const c = process.cpuUsage();
  parseReport(xml);
  parseCpuMs.push(cpuMs(c));
  parseMs.push(performance.now() - t);
  t = performance.now();
  JSON.parse(json);
  jsonMs.push(performance.now() - t);
}
const p = median(parseMs);
const j = median(jsonMs);
console.log(
  JSON.stringify({
    cases: report.cases.length,
    xml_kib: Math.round(xml.length / 1024),
    parse_report_median_ms: Number(p.toFixed(2)),
    parse_report_cpu_median_ms: Number(median(parseCpuMs).toFixed(2)),
    json_parse_same_content_median_ms: Number(j.toFixed(2)),
    ratio_vs_json_parse: Number((p / j).toFixed(1)),
    runs: 41,
  }),
);
