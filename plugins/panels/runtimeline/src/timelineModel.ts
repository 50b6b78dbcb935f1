/**
 * Long-format outcome rows (test, status, time, owner, run) → one strip per test with its most
 * recent outcomes in time order, flip markers and a flakiness score.
 *
 * Flip: consecutive decisive outcomes (passed, passed on retry, failed; skipped, quarantined and
 * unknown are ignored) that change between passing and failing. Flakiness = (flips + passed on
 * retry) / decisive outcomes, capped at 1: 0 for a test that always passes or always fails.
 */
import { FieldType, dateTime, type DataFrame, type Field } from '@grafana/data';
import { stringAt } from '../../shared/src/fields';
import { normalizeOutcome, type Outcome } from './status';
import type { RunTimelineOptions, SortBy } from './types';

export interface Run {
  outcome: Outcome;
  raw: string;
  time: number | undefined;
  run: string;
  /** True when this decisive outcome differs (pass vs fail) from the previous decisive one. */
  flip: boolean;
}

export interface TestStrip {
  test: string;
  owner: string;
  runs: Run[];
  flips: number;
  failures: number;
  flakiness: number;
}

type FieldOptions = Pick<RunTimelineOptions, 'testField' | 'statusField' | 'timeField' | 'ownerField' | 'runField'>;

function findField(frame: DataFrame, name: string | undefined, pattern: RegExp, type: FieldType, skip: Array<Field | undefined>) {
  if (name) {
    return frame.fields.find((f) => f.name === name || f.config.displayName === name);
  }
  const candidates = frame.fields.filter((f) => f.type === type && !skip.includes(f));
  return candidates.find((f) => pattern.test(f.name)) ?? undefined;
}

function timeAt(field: Field | undefined, i: number): number | undefined {
  const v: unknown = field?.values[i];
  if (v === null || v === undefined || v === '') {
    return undefined;
  }
  const ms = typeof v === 'number' ? v : dateTime(v as string).valueOf();
  return Number.isFinite(ms) ? ms : undefined;
}

const passing = (o: Outcome) => o === 'passed' || o === 'retried';
const decisive = (o: Outcome) => passing(o) || o === 'failed';

export function buildStrips(series: DataFrame[], options: FieldOptions, maxRuns: number): TestStrip[] {
  const byTest = new Map<string, { owner: string; rows: Array<Omit<Run, 'flip'> & { seq: number }> }>();
  let seq = 0;
  for (const frame of series) {
    const statusF = findField(frame, options.statusField, /status|outcome|result/i, FieldType.string, []);
    const testF =
      findField(frame, options.testField, /test|name|case/i, FieldType.string, [statusF]) ??
      frame.fields.find((f) => f.type === FieldType.string && f !== statusF);
    const ownerF = findField(frame, options.ownerField, /owner|team/i, FieldType.string, [statusF, testF]);
    const runF = findField(frame, options.runField, /run|build/i, FieldType.string, [statusF, testF, ownerF]);
    const timeF = options.timeField ? findField(frame, options.timeField, /./, FieldType.time, []) : frame.fields.find((f) => f.type === FieldType.time);
    if (!testF || !statusF) {
      continue;
    }
    for (let i = 0; i < frame.length; i++) {
      const test = stringAt(testF, i);
      const entry = byTest.get(test) ?? { owner: '', rows: [] };
      byTest.set(test, entry);
      entry.owner ||= stringAt(ownerF, i);
      const raw = stringAt(statusF, i);
      entry.rows.push({ outcome: normalizeOutcome(raw), raw, time: timeAt(timeF, i), run: stringAt(runF, i), seq: seq++ });
    }
  }

  const strips: TestStrip[] = [];
  for (const [test, { owner, rows }] of byTest) {
    rows.sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.seq - b.seq);
    const recent = rows.slice(-Math.max(1, maxRuns));
    let prev: Outcome | undefined;
    let flips = 0;
    let retried = 0;
    let decisiveCount = 0;
    let failures = 0;
    const runs: Run[] = recent.map(({ seq: _seq, ...r }) => {
      let flip = false;
      if (decisive(r.outcome)) {
        decisiveCount++;
        if (prev !== undefined && passing(prev) !== passing(r.outcome)) {
          flip = true;
          flips++;
        }
        prev = r.outcome;
      }
      if (r.outcome === 'retried') {
        retried++;
      }
      if (r.outcome === 'failed') {
        failures++;
      }
      return { ...r, flip };
    });
    const flakiness = decisiveCount === 0 ? 0 : Math.min(1, (flips + retried) / decisiveCount);
    strips.push({ test, owner, runs, flips, failures, flakiness });
  }
  return strips;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function sortStrips(strips: TestStrip[], by: SortBy): TestStrip[] {
  const byName = (a: TestStrip, b: TestStrip) => collator.compare(a.test, b.test);
  const byFlaky = (a: TestStrip, b: TestStrip) => b.flakiness - a.flakiness || b.failures - a.failures || byName(a, b);
  const compare: Record<SortBy, (a: TestStrip, b: TestStrip) => number> = {
    flakiness: byFlaky,
    failures: (a, b) => b.failures - a.failures || byFlaky(a, b),
    name: byName,
    // Tests without an owner go last: they are the ones to assign.
    owner: (a, b) => (a.owner === '' ? 1 : 0) - (b.owner === '' ? 1 : 0) || collator.compare(a.owner, b.owner) || byFlaky(a, b),
  };
  return [...strips].sort(compare[by]);
}
