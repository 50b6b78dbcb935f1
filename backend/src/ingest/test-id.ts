import { hash } from 'node:crypto';

/**
 * Stable identity of a test across runs: project + suite + class + name + file.
 * The NUL separator keeps ("a b","c") and ("a","b c") apart.
 */
export function testId(project: string, suite: string, className: string, name: string, file: string): string {
  return hash('sha256', [project, suite, className, name, file].join('\u0000'), 'hex').slice(0, 16);
}
