/**
 * Benchmark results inside `go test -json -bench` streams become perf
 * samples. test2json may split a result line across events ("BenchmarkX-8 \t"
 * as package output, the numbers under Test "BenchmarkX"), so lines are
 * rebuilt from all of a package's output in stream order before matching:
 *
 *   BenchmarkParse-8   \t  120000\t  9876 ns/op\t  512 B/op\t  7 allocs/op
 */
import type { ParsedPerfSample } from '../model.ts';

const RESULT = /^(Benchmark\S*?)(?:-(\d+))?\s+(\d+)((?:\s+[\d.]+(?:e[+-]?\d+)?\s+\S+)+)\s*$/;
const PAIR = /([\d.]+(?:e[+-]?\d+)?)\s+(\S+)/g;

/** Go's units → a metric name and the unit of its value. */
const KNOWN: Record<string, [metric: string, unit: string]> = {
  'ns/op': ['time_per_op', 'ns'],
  'B/op': ['bytes_per_op', 'B'],
  'allocs/op': ['allocs_per_op', 'allocs'],
  'MB/s': ['throughput', 'MB/s'],
};

export function benchmarkSamples(pkg: string, output: string, ts: Date | undefined): ParsedPerfSample[] {
  const out: ParsedPerfSample[] = [];
  for (const line of output.split('\n')) {
    const m = RESULT.exec(line.trim());
    if (!m) continue;
    const [, name = '', procs, iterations = '0', pairs = ''] = m;
    const labels: Record<string, string> | undefined = procs ? { procs } : undefined;
    const base = (metric: string, value: number, unit?: string): ParsedPerfSample => {
      const s: ParsedPerfSample = { metric, value, suite: pkg, testName: name };
      if (unit) s.unit = unit;
      if (ts) s.ts = ts;
      if (labels) s.labels = labels;
      return s;
    };
    out.push(base('iterations', Number(iterations)));
    for (const [, value = '', goUnit = ''] of pairs.matchAll(PAIR)) {
      const [metric, unit] = KNOWN[goUnit] ?? [goUnit, goUnit];
      const n = Number(value);
      if (Number.isFinite(n)) out.push(base(metric, n, unit));
    }
  }
  return out;
}
