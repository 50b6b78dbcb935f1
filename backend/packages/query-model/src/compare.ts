import { Type, type Static } from 'typebox';
import { TimeValue, toEpochMs } from './time-value.ts';
import type { Query } from './query.ts';
import type { QueryIssue } from './errors.ts';

/**
 * Dataset parameter of comparison datasets (`run_diff`): the two sides being
 * compared. A side is a run, a commit, or a window (optionally on one branch) —
 * the same choices as the body of `POST /api/v1/diff`. Defaults: the "after"
 * side is the query's time range; the "before" side is the period of the same
 * length right before it (`period: 'same'` takes the after window itself, e.g.
 * to compare a feature branch with main over the same days).
 */
export const CompareSideSchema = Type.Object(
  {
    run: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    commit: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    branch: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    from: Type.Optional(TimeValue),
    to: Type.Optional(TimeValue),
    /** Before side only, without run/commit/from/to: the window relative to the after window. */
    period: Type.Optional(Type.Union([Type.Literal('previous'), Type.Literal('same')])),
  },
  { additionalProperties: false },
);
export const CompareSchema = Type.Object(
  { before: Type.Optional(CompareSideSchema), after: Type.Optional(CompareSideSchema) },
  { additionalProperties: false },
);
export type CompareSide = Static<typeof CompareSideSchema>;
export type Compare = Static<typeof CompareSchema>;

/** A resolved side: what the compiler filters `test_results` by (epoch ms, half-open windows). */
export type DiffSide =
  | { readonly kind: 'run'; readonly runId: string }
  | { readonly kind: 'commit'; readonly sha: string }
  | { readonly kind: 'window'; readonly from: number; readonly to: number; readonly branch?: string };

export type ResolvedSides = { readonly ok: true; readonly before: DiffSide; readonly after: DiffSide } | { readonly ok: false; readonly issues: QueryIssue[] };

function explicit(s: CompareSide, path: string, issues: QueryIssue[]): DiffSide | 'window' | undefined {
  const kinds = [s.run !== undefined, s.commit !== undefined, s.from !== undefined || s.to !== undefined || s.branch !== undefined || s.period !== undefined];
  if (kinds.filter(Boolean).length > 1) {
    issues.push({ path, message: 'a side is one of: a run, a commit, or a window (from/to, branch, period)' });
    return undefined;
  }
  if (s.run !== undefined) return { kind: 'run', runId: s.run };
  if (s.commit !== undefined) return { kind: 'commit', sha: s.commit };
  if ((s.from === undefined) !== (s.to === undefined)) {
    issues.push({ path, message: 'from and to go together' });
    return undefined;
  }
  if (s.from !== undefined && s.to !== undefined) {
    const from = toEpochMs(s.from), to = toEpochMs(s.to);
    if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
      issues.push({ path, message: 'window has an unreadable date or ends before it starts' });
      return undefined;
    }
    if (s.period !== undefined) issues.push({ path: `${path}/period`, message: 'period applies only without from/to' });
    return { kind: 'window', from, to, ...(s.branch !== undefined ? { branch: s.branch } : {}) };
  }
  return 'window';
}

/**
 * Both sides of a comparison query, with defaults applied, or the issues that
 * make it unanswerable. validateQuery() and the compiler both call this, so
 * what validates is exactly what compiles.
 */
export function resolveCompareSides(q: Pick<Query, 'timeRange' | 'compare'>): ResolvedSides {
  const issues: QueryIssue[] = [];
  const a = q.compare?.after ?? {};
  const b = q.compare?.before ?? {};
  if (a.period !== undefined) issues.push({ path: '/compare/after/period', message: 'period applies to the before side only' });
  let after = explicit(a, '/compare/after', issues);
  if (after === 'window') {
    if (!q.timeRange) issues.push({ path: '/timeRange', message: 'the after side is the time range: give one, or compare.after' });
    else {
      const from = toEpochMs(q.timeRange.from), to = toEpochMs(q.timeRange.to);
      after = { kind: 'window', from, to, ...(a.branch !== undefined ? { branch: a.branch } : {}) };
    }
  }
  let before = explicit(b, '/compare/before', issues);
  if (before === 'window') {
    if (after === undefined || after === 'window') before = undefined;
    else if (after.kind !== 'window') {
      issues.push({ path: '/compare/before', message: 'the after side is a run or commit: give the before side a run, a commit or from/to' });
      before = undefined;
    } else {
      const len = after.to - after.from;
      const [from, to] = b.period === 'same' ? [after.from, after.to] : [after.from - len, after.from];
      before = { kind: 'window', from, to, ...(b.branch !== undefined ? { branch: b.branch } : {}) };
    }
  }
  if (issues.length > 0 || before === undefined || after === undefined || after === 'window') {
    return { ok: false, issues: issues.length > 0 ? issues : [{ path: '/compare', message: 'sides cannot be resolved' }] };
  }
  return { ok: true, before, after };
}
