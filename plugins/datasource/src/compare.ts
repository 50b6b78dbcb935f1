import type { Compare, CompareSide } from '@semantest/query-model';

/**
 * The editor's view of the `compare` parameter of comparison datasets (run_diff). Each side is
 * picked as one "kind" with its own input; the defaults (before = previous period, after = the
 * panel time range) are written as no `compare` at all, so a default query stays the plain v1 JSON
 * every older backend accepts.
 */
export type BeforeKind = 'previous' | 'same' | 'run' | 'commit' | 'branch' | 'window';
export type AfterKind = 'range' | 'run' | 'commit' | 'branch';

/** What the inputs hold; only the fields of the chosen kind are written. */
export interface SideDraft {
  run?: string;
  commit?: string;
  branch?: string;
  from?: string;
  to?: string;
  /** before side, kind `branch`: the after window itself instead of the period before it. */
  samePeriod?: boolean;
}

export function beforeKind(s: CompareSide | undefined): BeforeKind {
  if (s?.run !== undefined) {
    return 'run';
  }
  if (s?.commit !== undefined) {
    return 'commit';
  }
  if (s?.from !== undefined || s?.to !== undefined) {
    return 'window';
  }
  if (s?.branch !== undefined) {
    return 'branch';
  }
  return s?.period === 'same' ? 'same' : 'previous';
}

export function afterKind(s: CompareSide | undefined): AfterKind {
  if (s?.run !== undefined) {
    return 'run';
  }
  if (s?.commit !== undefined) {
    return 'commit';
  }
  return s?.branch !== undefined ? 'branch' : 'range';
}

export function draftOf(s: CompareSide | undefined): SideDraft {
  return {
    run: s?.run,
    commit: s?.commit,
    branch: s?.branch,
    from: s?.from === undefined ? undefined : String(s.from),
    to: s?.to === undefined ? undefined : String(s.to),
    samePeriod: s?.period === 'same',
  };
}

/** Epoch ms when the text is all digits (the schema takes both), else the ISO text as typed. */
function timeValue(t: string): string | number {
  return /^\d+$/.test(t) ? Number(t) : t;
}

const filled = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/** The side a kind and its inputs mean; undefined for the default or while an input is still empty. */
export function beforeSide(kind: BeforeKind, d: SideDraft): CompareSide | undefined {
  switch (kind) {
    case 'previous':
      return undefined;
    case 'same':
      return { period: 'same' };
    case 'run':
      return filled(d.run) ? { run: d.run.trim() } : undefined;
    case 'commit':
      return filled(d.commit) ? { commit: d.commit.trim() } : undefined;
    case 'branch':
      return filled(d.branch) ? { branch: d.branch.trim(), ...(d.samePeriod ? { period: 'same' as const } : {}) } : undefined;
    case 'window':
      return filled(d.from) && filled(d.to)
        ? { from: timeValue(d.from.trim()), to: timeValue(d.to.trim()), ...(filled(d.branch) ? { branch: d.branch.trim() } : {}) }
        : undefined;
  }
}

export function afterSide(kind: AfterKind, d: SideDraft): CompareSide | undefined {
  if (kind === 'range') {
    return undefined;
  }
  const v = d[kind];
  return filled(v) ? { [kind]: v.trim() } : undefined;
}

/** `compare` with default sides left out; undefined when both sides are defaults. */
export function buildCompare(before: CompareSide | undefined, after: CompareSide | undefined): Compare | undefined {
  if (!before && !after) {
    return undefined;
  }
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

/** Resolves template variables in the free-text parts of a side (run id, commit, branch). */
export function interpolateCompare(c: Compare | undefined, replace: (s: string) => string): Compare | undefined {
  if (!c) {
    return c;
  }
  const side = (s: CompareSide | undefined): CompareSide | undefined => {
    if (!s) {
      return s;
    }
    const out: CompareSide = { ...s };
    for (const k of ['run', 'commit', 'branch'] as const) {
      const v = s[k];
      if (v !== undefined) {
        out[k] = replace(v);
      }
    }
    return out;
  };
  return buildCompare(side(c.before), side(c.after));
}
