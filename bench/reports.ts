/**
 * `npm run bench -- reports [--full]`: 100k-row XLSX and PDF against CSV of
 * the same rows (issue 5: XLSX ≤ 3× CSV, PDF ≤ 10× CSV), with the peak RSS
 * of each format measured in its own child process. Formats are interleaved
 * (csv, xlsx, pdf, csv, …) so machine noise hits all of them alike; medians
 * over the repetitions. Times are the render only (child start-up excluded).
 * The 10M-row export part of this benchmark belongs to the export jobs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, type Benchmark } from './lib/result.ts';

interface Run {
  ms: number;
  cpuMs: number;
  bytes: number;
  rows: number;
  pages: number;
  peakRssMb: number;
}

const child = fileURLToPath(new URL('./lib/reports-child.ts', import.meta.url));
const FORMATS = ['csv', 'xlsx', 'pdf'] as const;

function renderOnce(format: string, rows: number, dir: string): Run {
  const out = join(dir, `bench.${format}`);
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', child, format, String(rows), out], {
    encoding: 'utf8',
  });
  rmSync(out, { force: true });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Run;
}

const bench: Benchmark = async ({ full, args }) => {
  const rowsArg = args.find((a) => a.startsWith('--rows='));
  const rows = rowsArg ? Number(rowsArg.slice(7)) : 100_000;
  const repetitions = full ? 5 : 3;
  const dir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
  const runs: Record<string, Run[]> = { csv: [], xlsx: [], pdf: [] };
  for (let r = 0; r < repetitions; r++) {
    for (const f of FORMATS) {
      const run = renderOnce(f, rows, dir);
      if (run.rows !== rows) throw new Error(`${f} wrote ${run.rows} rows, expected ${rows}`);
      runs[f]!.push(run);
      console.error(`rep ${r + 1}/${repetitions} ${f}: ${Math.round(run.ms)} ms, ${run.peakRssMb} MB peak RSS`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const ms = (f: string) => median(runs[f]!.map((x) => x.ms));
  const cpu = (f: string) => median(runs[f]!.map((x) => x.cpuMs));
  const metrics: Record<string, number> = { rows };
  for (const f of FORMATS) {
    metrics[`${f}_ms`] = Math.round(ms(f));
    metrics[`${f}_cpu_ms`] = Math.round(cpu(f));
    metrics[`${f}_rows_per_s`] = Math.round(rows / (ms(f) / 1000));
    metrics[`${f}_peak_rss_mb`] = Math.max(...runs[f]!.map((x) => x.peakRssMb));
    metrics[`${f}_bytes`] = runs[f]![0]!.bytes;
  }
  metrics.pdf_pages = runs.pdf![0]!.pages;
  return {
    benchmark: 'reports',
    repetitions,
    metrics,
    ratios: {
      xlsx_vs_csv_time: Number((ms('xlsx') / ms('csv')).toFixed(2)),
      pdf_vs_csv_time: Number((ms('pdf') / ms('csv')).toFixed(2)),
      xlsx_vs_csv_cpu: Number((cpu('xlsx') / cpu('csv')).toFixed(2)),
      pdf_vs_csv_cpu: Number((cpu('pdf') / cpu('csv')).toFixed(2)),
    },
    targets: {
      xlsx_vs_csv_time: { max: 3 },
      pdf_vs_csv_time: { max: 10 },
      xlsx_vs_csv_cpu: { max: 3 },
      pdf_vs_csv_cpu: { max: 10 },
    },
    notes: [
      `${rows} rows × 7 columns, one table section, rows streamed from an async generator`,
      'each render runs in its own child process; peak RSS is that process (PDF includes its worker thread)',
      '10M-row export CSV/Parquet vs engine: not measured here (export jobs)',
    ],
  };
};

export default bench;
