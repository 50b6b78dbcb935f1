import { hash } from 'node:crypto';

/**
 * A suite's tests come back in every run of it: the id of a test seen
 * recently is remembered instead of hashed again (a sha256 per result row is
 * a large share of the ingest hot path). Nested maps, one level per part of
 * the identity, so a lookup builds no string: each part is a string the
 * parser already made, whose hash V8 keeps, where a joined key would be a new
 * string to build and hash on every call. A hit is the id of exactly the same
 * identity by construction. Bounded: everything is dropped when full.
 */
const MEMO_LIMIT = 100_000;
/** Longer identities are hashed every time, so the memo stays small (~40 MB at most). */
const MEMO_MAX_KEY = 256;
type Level<T> = Map<string, T>;
let memo: Level<Level<Level<Level<Level<string>>>>> = new Map();
let remembered = 0;

function child<T>(level: Level<T>, key: string, make: () => T): T {
  let next = level.get(key);
  if (next === undefined) level.set(key, (next = make()));
  return next;
}

/** The NUL separator keeps ("a b","c") and ("a","b c") apart. */
const hashOf = (project: string, suite: string, className: string, name: string, file: string): string =>
  hash('sha256', `${project}\u0000${suite}\u0000${className}\u0000${name}\u0000${file}`, 'hex').slice(0, 16);

/** Stable identity of a test across runs: project + suite + class + name + file. */
export function testId(project: string, suite: string, className: string, name: string, file: string): string {
  if (project.length + suite.length + className.length + name.length + file.length + 4 > MEMO_MAX_KEY) {
    return hashOf(project, suite, className, name, file);
  }
  if (remembered >= MEMO_LIMIT) {
    memo = new Map();
    remembered = 0;
  }
  const names = child(child(child(child(memo, project, () => new Map()), suite, () => new Map()), className, () => new Map()), file, () => new Map<string, string>());
  let id = names.get(name);
  if (id === undefined) {
    names.set(name, (id = hashOf(project, suite, className, name, file)));
    remembered++;
  }
  return id;
}
