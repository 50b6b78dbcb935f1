import { hash } from 'node:crypto';

/**
 * Test ids repeat in every run of a project, so they are memoised. Looked up
 * by name, then matched on the other parts: no key string is concatenated
 * per row (hashing a fresh concatenation costs about as much as the sha256).
 * Bounded: at most PER_NAME ids per name (a name shared by many suites keeps
 * its latest ones, so a miss never scans far), cleared at MEMO_LIMIT ids.
 */
const MEMO_LIMIT = 100_000;
const PER_NAME = 4;
interface Entry {
  project: string;
  suite: string;
  className: string;
  file: string;
  id: string;
}
const byName = new Map<string, Entry[]>();
let memoised = 0;

/**
 * Stable identity of a test across runs: project + suite + class + name + file.
 * The NUL separator keeps ("a b","c") and ("a","b c") apart.
 */
export function testId(project: string, suite: string, className: string, name: string, file: string): string {
  const entries = byName.get(name);
  if (entries) {
    for (const e of entries) {
      if (e.file === file && e.className === className && e.suite === suite && e.project === project) return e.id;
    }
  }
  const id = hash('sha256', [project, suite, className, name, file].join('\u0000'), 'hex').slice(0, 16);
  if (memoised >= MEMO_LIMIT) {
    byName.clear();
    memoised = 0;
  }
  const entry = { project, suite, className, file, id };
  if (!entries) byName.set(name, [entry]);
  else if (entries.length < PER_NAME) entries.push(entry);
  else {
    entries.pop();
    entries.unshift(entry);
    return id;
  }
  memoised++;
  return id;
}
