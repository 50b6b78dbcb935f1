/**
 * A seeded two-week CI history for the run_diff tests: per project, tests that
 * keep passing, keep failing, break or get fixed half-way, appear or disappear,
 * get slower or faster (beyond noise), jitter, are skipped or flaky; retried
 * attempts (only the final one counts); main and feature branches; runs re-run
 * on the same commit. Names carry the tenant so a leak would be visible.
 */
import { chTime } from '../../src/intelligence/sql.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Day 0 of the history (UTC midnight); the second week starts at D0 + 7 days. */
export const D0 = Date.UTC(2026, 9, 1);
export const DAYS = 14;
export const PROJECTS = ['web', 'api'] as const;

const PROFILES = ['stable', 'failing', 'breaks', 'fixed', 'added', 'removed', 'slower', 'faster', 'jitter', 'flaky', 'skips', 'errors', 'noisy', 'noisyslow'] as const;
/** noisy: medians move +30 % (≥ 20 %, ≥ 10 ms) but within 3 × the pooled MAD (not a change); noisyslow: beyond it. */
const NOISE = [0, -60, 60];
type Profile = (typeof PROFILES)[number];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedRow {
  tenant_id: string; run_id: string; project: string; suite: string; test_id: string; name: string; file: string;
  status: string; attempt: number; is_final: number; duration_ms: number; started_at: string; branch: string;
  commit_sha: string; owner: string; environment: string; retention_days: number;
}

/** Runs: 2 a day on main, 1 on feature; the second main run of a day re-runs the first one's commit. */
export function runsOf(project: string, d0 = D0): { runId: string; branch: string; commit: string; at: number; day: number; slot: number }[] {
  const out = [];
  for (let day = 0; day < DAYS; day++) {
    out.push({ runId: `${project}-d${day}-m1`, branch: 'main', commit: `c${day}`, at: d0 + day * DAY + 2 * HOUR, day, slot: 0 });
    out.push({ runId: `${project}-d${day}-m2`, branch: 'main', commit: `c${day}`, at: d0 + day * DAY + 9 * HOUR, day, slot: 1 });
    out.push({ runId: `${project}-d${day}-f1`, branch: 'feature', commit: `f${day}`, at: d0 + day * DAY + 15 * HOUR, day, slot: 2 });
  }
  return out;
}

function status(p: Profile, day: number, branch: string, r: () => number): string | undefined {
  const late = day >= 7;
  switch (p) {
    case 'failing': return 'failed';
    case 'breaks': return late && branch === 'main' ? 'failed' : 'passed';
    case 'fixed': return late ? 'passed' : 'error';
    case 'added': return late ? 'passed' : undefined;
    case 'removed': return late ? undefined : 'passed';
    case 'flaky': return r() < 0.3 ? 'failed' : 'passed';
    case 'skips': return r() < 0.5 ? 'skipped' : 'passed';
    case 'errors': return late && branch === 'feature' ? 'error' : 'passed';
    default: return 'passed';
  }
}

function duration(p: Profile, base: number, day: number, slot: number, r: () => number): number {
  const late = day >= 7;
  if (p === 'noisy' || p === 'noisyslow') return (late ? (p === 'noisy' ? 130 : 400) : 100) + (NOISE[slot] ?? 0);
  const factor = p === 'slower' && late ? 1.6 : p === 'faster' && late ? 0.5 : 1;
  const noise = p === 'jitter' ? 0.6 : 0.05;
  return Math.round(base * factor * (1 + noise * (r() * 2 - 1)) * 10) / 10;
}

/** The rows of one tenant; `tag` goes into test names; `d0` shifts the history (default D0). */
export function seedRows(tenant: string, tag: string, seed: number, d0 = D0): SeedRow[] {
  const r = prng(seed);
  const rows: SeedRow[] = [];
  for (const project of PROJECTS) {
    const tests = PROFILES.flatMap((p, i) => [0, 1].map((k) => ({ p, id: `${project}-${p}-${k}`, base: 40 + 37 * i + 11 * k })));
    for (const run of runsOf(project, d0)) {
      tests.forEach((t, i) => {
        const st = status(t.p, run.day, run.branch, r);
        if (st === undefined) return;
        const at = run.at + i * 1000;
        const common = {
          tenant_id: tenant, run_id: run.runId, project, suite: `${project}-suite-${i % 3}`, test_id: t.id,
          name: `${tag} ${t.id}`, file: `spec/${t.p}.spec.ts`, branch: run.branch, commit_sha: run.commit,
          owner: `@team-${i % 2}`, environment: 'ci', retention_days: 3650,
        };
        // a flaky failure retried: the failed first attempt is not final and must not count
        if (st === 'passed' && t.p === 'flaky' && r() < 0.5) {
          rows.push({ ...common, status: 'failed', attempt: 1, is_final: 0, duration_ms: 5, started_at: chTime(at - 500) });
        }
        rows.push({ ...common, status: st, attempt: st === 'passed' && t.p === 'flaky' ? 2 : 1, is_final: 1, duration_ms: duration(t.p, t.base, run.day, run.slot, r), started_at: chTime(at) });
      });
    }
  }
  return rows;
}

export const toNdjson = (rows: readonly SeedRow[]): Buffer => Buffer.from(rows.map((x) => JSON.stringify(x)).join('\n'));
