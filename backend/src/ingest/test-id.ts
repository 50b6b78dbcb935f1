import { hash } from 'node:crypto';

/**
 * A suite's tests come back in every run of it: the id of a test seen
 * recently is remembered instead of hashed again (a sha256 per result row is
 * a large share of the ingest hot path). Keyed by the exact hash input, so a
 * hit is the same id by construction; bounded (cleared when full).
 */
const MEMO_LIMIT = 100_000;
/** Longer identities are hashed every time, so the memo stays small (~40 MB at most). */
const MEMO_MAX_KEY = 256;
const memo = new Map<string, string>();

/**
 * Stable identity of a test across runs: project + suite + class + name + file.
 * The NUL separator keeps ("a b","c") and ("a","b c") apart.
 */
export function testId(project: string, suite: string, className: string, name: string, file: string): string {
  const key = `${project}\u0000${suite}\u0000${className}\u0000${name}\u0000${file}`;
  if (key.length > MEMO_MAX_KEY) return hash('sha256', key, 'hex').slice(0, 16);
  let id = memo.get(key);
  if (id === undefined) {
    id = hash('sha256', key, 'hex').slice(0, 16);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, id);
  }
  return id;
}
