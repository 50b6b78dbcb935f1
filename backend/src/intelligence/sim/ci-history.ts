/**
 * A seeded generator of CI histories with known ground truth, for the
 * accuracy benchmark and the integration tests. It plays a project's CI for
 * `days`: runs on main and feature branches, some re-runs of the same
 * commit, retries, infrastructure outages, and a population of tests:
 *
 * - healthy: fail only through background noise (`noiseRate` per attempt:
 *   an OOM kill, a network blip) and outages;
 * - flaky: every attempt fails independently with a rate drawn log-uniformly
 *   in [flakeMin, flakeMax] (most real flaky tests fail rarely);
 * - broken: fail every attempt from a break point until the end;
 * - breakage-fixed: healthy at the end, but were broken on main for a few
 *   runs earlier (1–2 runs, or a long stretch) — the classic false positive;
 * - branch-broken: fail on one feature branch only (work in progress);
 * - slowed: duration ×(1+s), s in [0.2, 1.0], from the start of the last
 *   `regressionWindowDays` (± half a day per test); drifting: s in
 *   [0, maxDrift] (not a regression). One test in five is noisy (σ 0.2–0.4
 *   of log-duration), and 2 % of samples are 2–4× outliers.
 */
import type { RunOutcome, TestHistory, TestStatus } from '../types.ts';
import { Random } from './random.ts';

const DAY_MS = 86_400_000;

export type TestKind = 'healthy' | 'flaky' | 'broken' | 'breakage-fixed' | 'branch-broken';

export interface SimTest {
  testId: string;
  name: string;
  file: string;
  kind: TestKind;
  flakeRate: number;
  /** Relative slowdown applied in the last regression window (0 = none). */
  slowdown: number;
  /** When the slowdown lands (epoch ms). */
  slowFrom: number;
  baseMs: number;
  sigma: number;
  brokenFrom?: number;
  brokenUntil?: number;
  brokenBranch?: string;
}

export interface SimOptions {
  seed: number;
  days: number;
  runsPerDay: number;
  endAt: number;
  counts: Record<TestKind, number>;
  /** Share of the test population slowed by ≥ 20 % / drifting by < maxDrift. */
  slowedShare: number;
  driftShare: number;
  maxDrift: number;
  flakeMin: number;
  flakeMax: number;
  /** Per-attempt failure probability of every test, flaky or not. */
  noiseRate: number;
  mainShare: number;
  rerunShare: number;
  /** Max retries of a failing test in a run (0 = CI does not retry). */
  retries: number;
  outageRate: number;
  regressionWindowDays: number;
}

export const DEFAULT_SIM: SimOptions = {
  seed: 1, days: 28, runsPerDay: 8, endAt: Date.UTC(2026, 10, 1), slowedShare: 0.1, driftShare: 0.15, maxDrift: 0.1,
  counts: { healthy: 120, flaky: 30, broken: 10, 'breakage-fixed': 20, 'branch-broken': 10 },
  flakeMin: 0.03, flakeMax: 0.4, noiseRate: 0.001, mainShare: 0.6, rerunShare: 0.1, retries: 1, outageRate: 0.04, regressionWindowDays: 7,
};

export interface SimDuration { testId: string; runId: string; branch: string; startedAt: number; durationMs: number }

export interface SimResult {
  options: SimOptions;
  tests: SimTest[];
  histories: TestHistory[];
  durations: SimDuration[];
  runs: Array<{ runId: string; branch: string; commitSha: string; startedAt: number; outage: boolean }>;
}

function makeTests(rng: Random, o: SimOptions, start: number): SimTest[] {
  const tests: SimTest[] = [];
  const span = o.days * DAY_MS;
  for (const kind of Object.keys(o.counts) as TestKind[]) {
    for (let i = 0; i < o.counts[kind]; i++) {
      const n = tests.length;
      const t: SimTest = {
        testId: `t${String(n).padStart(4, '0')}`, name: `${kind} test ${i}`, file: `src/mod${n % 7}/case${n}.test.ts`,
        kind, flakeRate: kind === 'flaky' ? Math.exp(rng.uniform(Math.log(o.flakeMin), Math.log(o.flakeMax))) : 0, slowdown: 0,
        slowFrom: 0, baseMs: rng.uniform(20, 3000), sigma: rng.chance(0.2) ? rng.uniform(0.2, 0.4) : rng.uniform(0.05, 0.2),
      };
      if (kind === 'broken') t.brokenFrom = start + span * rng.uniform(0.5, 0.85);
      if (kind === 'breakage-fixed') {
        t.brokenFrom = start + span * rng.uniform(0.1, 0.6);
        // Half are one- or two-run blips, half a stretch of days.
        t.brokenUntil = t.brokenFrom + (rng.chance(0.5) ? rng.uniform(1, 5) * (DAY_MS / o.runsPerDay / o.mainShare) : rng.uniform(1, 4) * DAY_MS);
      }
      if (kind === 'branch-broken') t.brokenBranch = `feature/f${rng.int(0, 5)}`;
      tests.push(t);
    }
  }
  const regressionFrom = start + span - o.regressionWindowDays * DAY_MS;
  for (const t of tests) {
    t.slowFrom = regressionFrom + rng.uniform(-0.5, 0.5) * DAY_MS;
    const r = rng.next();
    if (r < o.slowedShare) t.slowdown = rng.uniform(0.2, 1.0);
    else if (r < o.slowedShare + o.driftShare) t.slowdown = rng.uniform(0, o.maxDrift);
  }
  return tests;
}

/**
 * Whether the test's own code fails at this commit (outages and flakiness
 * aside). Breakage belongs to code, so it follows the commit's creation time:
 * re-running an old commit reproduces the old outcome.
 */
function brokenIn(t: SimTest, branch: string, committedAt: number): boolean {
  if (t.kind === 'branch-broken') return branch === t.brokenBranch;
  if (t.brokenFrom === undefined || committedAt < t.brokenFrom) return false;
  return t.brokenUntil === undefined || committedAt < t.brokenUntil;
}

export function simulateCi(partial: Partial<SimOptions> = {}): SimResult {
  const o: SimOptions = { ...DEFAULT_SIM, ...partial, counts: { ...DEFAULT_SIM.counts, ...partial.counts } };
  const rng = new Random(o.seed);
  const start = o.endAt - o.days * DAY_MS;
  const tests = makeTests(rng, o, start);
  const perTest = new Map<string, RunOutcome[]>(tests.map((t) => [t.testId, []]));
  const durations: SimDuration[] = [];
  const runs: SimResult['runs'] = [];
  const lastCommit = new Map<string, { sha: string; at: number }>();
  const totalRuns = o.days * o.runsPerDay;

  for (let r = 0; r < totalRuns; r++) {
    const at = start + (r + rng.uniform(0, 0.9)) * (DAY_MS / o.runsPerDay);
    const branch = rng.chance(o.mainShare) ? 'main' : `feature/f${rng.int(0, 5)}`;
    const rerun = lastCommit.has(branch) && rng.chance(o.rerunShare);
    const commit = rerun ? lastCommit.get(branch)! : { sha: rng.hex(40), at };
    lastCommit.set(branch, commit);
    const commitSha = commit.sha;
    const outage = rng.chance(o.outageRate);
    const outageHit = outage ? rng.uniform(0.35, 0.95) : 0;
    const runId = `run-${String(r).padStart(5, '0')}`;
    runs.push({ runId, branch, commitSha, startedAt: at, outage });

    const outcomes: Array<{ t: SimTest; statuses: TestStatus[] }> = [];
    for (const t of tests) {
      const statuses: TestStatus[] = [];
      for (let a = 0; a <= o.retries; a++) {
        const infra = outage && (a === 0 ? rng.chance(outageHit) : rng.chance(outageHit / 2));
        const fails = brokenIn(t, branch, commit.at) || infra || rng.chance(t.flakeRate) || rng.chance(o.noiseRate);
        statuses.push(fails ? 'failed' : 'passed');
        if (!fails) break;
      }
      outcomes.push({ t, statuses });
      const factor = at >= t.slowFrom ? 1 + t.slowdown : 1;
      const outlier = rng.chance(0.02) ? rng.uniform(2, 4) : 1;
      durations.push({ testId: t.testId, runId, branch, startedAt: at, durationMs: t.baseMs * factor * outlier * Math.exp(t.sigma * rng.normal()) });
    }
    const ratio = outcomes.filter((x) => x.statuses[0] === 'failed').length / outcomes.length;
    for (const { t, statuses } of outcomes) {
      perTest.get(t.testId)!.push({
        runId, commitSha, branch, startedAt: at, runFailureRatio: ratio,
        attempts: statuses.map((status, i) => ({ status, attempt: i + 1, isFinal: i === statuses.length - 1 })),
      });
    }
  }
  const histories = tests.map((t) => ({ testId: t.testId, name: t.name, file: t.file, runs: perTest.get(t.testId)! }));
  return { options: o, tests, histories, durations, runs };
}

/** Ground truth at the end of the history, in the evaluator's vocabulary. */
export function expectedState(t: SimTest): 'healthy' | 'flaky' | 'broken' {
  if (t.kind === 'flaky') return 'flaky';
  if (t.kind === 'broken') return 'broken';
  return 'healthy';
}
