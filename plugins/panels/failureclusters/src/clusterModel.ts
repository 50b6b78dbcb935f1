/**
 * Query rows → the two-level hierarchy the treemap draws: error type → signature (normalized
 * message). Rows with the same (type, message) merge. To keep the panel readable and cheap at
 * 10,000 signatures, only the `maxTiles` largest signatures get a tile of their own; the rest of
 * each type merges into one "Other" tile, so every failure is still counted in its type's area.
 */
import { FieldType, dateTime, type DataFrame, type Field } from '@grafana/data';
import { numberAt, pickField, stringAt } from '../../shared/src/fields';
import type { FailureClustersOptions } from './types';

export interface Signature {
  type: string;
  message: string;
  count: number;
  /** Distinct affected tests; for an "Other" tile the sum, i.e. an upper bound. */
  tests: number | undefined;
  firstSeen: number | undefined;
  lastSeen: number | undefined;
  /** Number of merged signatures when this is an "Other" tile. */
  merged?: number;
}

export interface ClusterGroup {
  type: string;
  count: number;
  signatures: Signature[];
}

export interface ClusterModel {
  groups: ClusterGroup[];
  total: number;
  signatureCount: number;
  countField: Field | undefined;
}

type FieldOptions = Pick<
  FailureClustersOptions,
  'typeField' | 'messageField' | 'countField' | 'testsField' | 'firstSeenField' | 'lastSeenField'
>;

function timeAt(field: Field | undefined, i: number): number | undefined {
  const v: unknown = field?.values[i];
  if (v === null || v === undefined || v === '') {
    return undefined;
  }
  const ms = typeof v === 'number' ? v : dateTime(v as string).valueOf();
  return Number.isFinite(ms) ? ms : undefined;
}

const minDefined = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
const maxDefined = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
const addDefined = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : a + b);

function mergeInto(into: Signature, s: Signature): void {
  into.count += s.count;
  into.tests = addDefined(into.tests, s.tests);
  into.firstSeen = minDefined(into.firstSeen, s.firstSeen);
  into.lastSeen = maxDefined(into.lastSeen, s.lastSeen);
}

export function buildClusters(series: DataFrame[], options: FieldOptions, maxTiles: number): ClusterModel {
  const bySig = new Map<string, Signature>();
  let countField: Field | undefined;
  for (const frame of series) {
    const typeF = pickField(frame, options.typeField, [FieldType.string]);
    const msgF = pickField(frame, options.messageField, [FieldType.string], [typeF]);
    const cntF = pickField(frame, options.countField, [FieldType.number]);
    const testsF = pickField(frame, options.testsField, [FieldType.number], [cntF]);
    const firstF = pickField(frame, options.firstSeenField, [FieldType.time]);
    const lastF = pickField(frame, options.lastSeenField, [FieldType.time], [firstF]);
    if (!typeF || !cntF) {
      continue;
    }
    countField ??= cntF;
    for (let i = 0; i < frame.length; i++) {
      const count = numberAt(cntF, i) ?? 0;
      if (count <= 0) {
        continue;
      }
      const sig: Signature = {
        type: stringAt(typeF, i) || '(unknown error)',
        message: stringAt(msgF, i) || '(no message)',
        count,
        tests: numberAt(testsF, i),
        firstSeen: timeAt(firstF, i),
        lastSeen: timeAt(lastF, i),
      };
      const key = `${sig.type}\u0000${sig.message}`;
      const seen = bySig.get(key);
      if (seen) {
        mergeInto(seen, sig);
      } else {
        bySig.set(key, sig);
      }
    }
  }

  const all = [...bySig.values()].sort((a, b) => b.count - a.count || a.message.localeCompare(b.message));
  const groups = new Map<string, ClusterGroup>();
  const others = new Map<string, Signature>();
  all.forEach((sig, rank) => {
    const group = groups.get(sig.type) ?? { type: sig.type, count: 0, signatures: [] };
    groups.set(sig.type, group);
    group.count += sig.count;
    if (rank < maxTiles) {
      group.signatures.push(sig);
      return;
    }
    const other = others.get(sig.type);
    if (other) {
      mergeInto(other, sig);
      other.merged! += 1;
    } else {
      others.set(sig.type, { ...sig, message: '', merged: 1 });
    }
  });
  for (const [type, other] of others) {
    other.message = `Other (${other.merged} signature${other.merged === 1 ? '' : 's'})`;
    groups.get(type)!.signatures.push(other);
  }
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  for (const g of sorted) {
    g.signatures.sort((a, b) => b.count - a.count);
  }
  const total = sorted.reduce((s, g) => s + g.count, 0);
  return { groups: sorted, total, signatureCount: all.length, countField };
}
