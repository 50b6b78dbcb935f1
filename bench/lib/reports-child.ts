/**
 * One render in its own process, so `maxRSS` is the honest peak of that
 * format alone: `node --import tsx bench/lib/reports-child.ts <format> <rows> <out>`.
 * Prints {ms, cpuMs, bytes, rows, pages, peakRssMb} as JSON. Rows are generated
 * lazily (an async generator, like a ClickHouse stream), never materialized.
 */
import { renderReport, type Format } from '../../backend/src/reports/render/index.ts';
import type { Column, ReportDocument } from '../../backend/src/reports/render/model.ts';

const [format, rowsArg, out] = process.argv.slice(2) as [Format, string, string];
const n = Number(rowsArg);

const columns: Column[] = [
  { name: 'started_at', type: 'time', role: 'time' },
  { name: 'suite', type: 'string', role: 'dimension' },
  { name: 'test_name', type: 'string', role: 'dimension' },
  { name: 'status', type: 'string', role: 'dimension' },
  { name: 'duration', type: 'number', unit: 'ms', role: 'metric' },
  { name: 'retries', type: 'number', role: 'metric' },
  { name: 'flaky', type: 'boolean' },
];
const suites = ['api', 'web-ui', 'payments', 'Проверка', '登录'];
const names = ['checkout › applies discount', 'Δοκιμή πληρωμής', '登录测试', 'login remembers user', '=not a formula'];
const from = Date.UTC(2026, 10, 18);

async function* rows(): AsyncGenerator<unknown[]> {
  for (let i = 0; i < n; i++) {
    yield [
      new Date(from + i * 6000),
      suites[i % 5],
      `${names[i % 5]} #${i}`,
      i % 9 === 0 ? 'failed' : 'passed',
      ((i * 7919) % 5000) + 0.5,
      i % 3,
      i % 17 === 0,
    ];
  }
}

const doc: ReportDocument = {
  title: 'Benchmark report',
  tenant: { slug: 'bench', name: 'Bench' },
  timeRange: { from: new Date(from), to: new Date(from + 7 * 86_400_000), timezone: 'Europe/Berlin' },
  filters: [],
  generatedAt: new Date(from + 7 * 86_400_000),
  sections: [{ title: 'Results', visualization: 'table', columns, rows: rows() }],
};

// No top-level await: bench files are compiled as CommonJS.
async function main(): Promise<void> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await renderReport(doc, format, out);
  const ms = performance.now() - t0;
  // CPU of all threads (the PDF worker included): steadier than wall time on a shared box.
  const c1 = process.cpuUsage(c0);
  const cpuMs = (c1.user + c1.system) / 1000;
  // Worker threads share the process, so maxRSS includes the PDF worker.
  console.log(
    JSON.stringify({
      ms,
      cpuMs,
      bytes: r.bytes,
      rows: r.rows,
      pages: r.pages ?? 0,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    })
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
