/**
 * Run / release diff: compares two sets of final results (two runs,
 * commits, branches or windows) test by test. Each side holds, per test, its
 * latest final status and every duration observed on that side.
 *
 * A duration change is reported only when it is beyond noise, all of:
 *   - relative change of the medians ≥ `minRelative`;
 *   - absolute change ≥ `minAbsoluteMs` (a 2 ms test going to 3 ms is +50 %);
 *   - with ≥ 3 samples per side, absolute change > `spreadFactor` × pooled
 *     MAD, so naturally jittery tests need a larger move.
 */
import { isFailing, type TestStatus } from '../types.ts';
import { mad, median } from '../stats/robust.ts';

export interface SideResult {
  testId: string;
  name?: string;
  status: TestStatus;
  durations: number[];
}

export interface DiffConfig {
  minRelative: number;
  minAbsoluteMs: number;
  spreadFactor: number;
}

export const DEFAULT_DIFF_CONFIG: DiffConfig = Object.freeze({ minRelative: 0.2, minAbsoluteMs: 10, spreadFactor: 3 });

export interface DurationChange {
  testId: string;
  name?: string;
  beforeMs: number;
  afterMs: number;
  relative: number;
}

export interface RunDiff {
  newFailures: SideResult[];
  fixed: SideResult[];
  stillFailing: SideResult[];
  added: SideResult[];
  removed: SideResult[];
  slower: DurationChange[];
  faster: DurationChange[];
  unchanged: number;
}

function durationChange(a: SideResult, b: SideResult, cfg: DiffConfig): DurationChange | null {
  if (a.durations.length === 0 || b.durations.length === 0) return null;
  const before = median(a.durations);
  const after = median(b.durations);
  const delta = after - before;
  if (Math.abs(delta) < cfg.minAbsoluteMs) return null;
  const relative = before > 0 ? delta / before : Infinity;
  if (Math.abs(relative) < cfg.minRelative) return null;
  if (a.durations.length >= 3 && b.durations.length >= 3) {
    const spread = Math.sqrt((mad(a.durations) ** 2 + mad(b.durations) ** 2) / 2);
    if (Math.abs(delta) <= cfg.spreadFactor * spread) return null;
  }
  return { testId: b.testId, ...(b.name ? { name: b.name } : {}), beforeMs: before, afterMs: after, relative };
}

export function diffResults(before: readonly SideResult[], after: readonly SideResult[], cfg: DiffConfig = DEFAULT_DIFF_CONFIG): RunDiff {
  const a = new Map(before.map((r) => [r.testId, r]));
  const b = new Map(after.map((r) => [r.testId, r]));
  const out: RunDiff = { newFailures: [], fixed: [], stillFailing: [], added: [], removed: [], slower: [], faster: [], unchanged: 0 };
  for (const [id, ra] of a) if (!b.has(id)) out.removed.push(ra);
  for (const [id, rb] of b) {
    const ra = a.get(id);
    if (!ra) {
      out.added.push(rb);
      continue;
    }
    const wasFailing = isFailing(ra.status);
    const isNowFailing = isFailing(rb.status);
    if (wasFailing && isNowFailing) out.stillFailing.push(rb);
    else if (!wasFailing && isNowFailing) out.newFailures.push(rb);
    else if (wasFailing && !isNowFailing && rb.status === 'passed') out.fixed.push(rb);
    else out.unchanged++;
    const change = durationChange(ra, rb, cfg);
    if (change) (change.relative > 0 ? out.slower : out.faster).push(change);
  }
  const byId = (x: { testId: string }, y: { testId: string }) => x.testId.localeCompare(y.testId);
  for (const list of [out.newFailures, out.fixed, out.stillFailing, out.added, out.removed]) list.sort(byId);
  out.slower.sort((x, y) => y.relative - x.relative);
  out.faster.sort((x, y) => x.relative - y.relative);
  return out;
}
