/**
 * One JSON result schema for every benchmark (../shared/BENCH.md): ratios
 * against a baseline measured in the same run are the headline; absolute
 * metrics explain them; targets say which way is good.
 */
import { cpus, totalmem, loadavg } from 'node:os';
import { execSync } from 'node:child_process';

export interface Target {
  min?: number;
  max?: number;
}

export interface BenchResult {
  benchmark: string;
  machine: { cpus: number; cpuModel: string; memGiB: number; node: string; load1: number };
  git: string;
  at: string;
  repetitions: number;
  metrics: Record<string, number>;
  ratios: Record<string, number>;
  targets: Record<string, Target>;
  notes?: string[];
}

export interface BenchOptions {
  full: boolean;
  args: string[];
}

export type Benchmark = (opts: BenchOptions) => Promise<Omit<BenchResult, 'machine' | 'git' | 'at'>>;

export function machineInfo(): BenchResult['machine'] {
  const cpuList = cpus();
  return {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    load1: Number(loadavg()[0]?.toFixed(2) ?? 0),
  };
}

export function gitCommit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
