import { QueryCompileError } from '../errors.ts';

/**
 * THE identifier escaper: every table, column and alias name goes through it.
 * Names are always back-quoted; backslash and back-quote are escaped, and
 * control characters are refused outright (they have no business in a name).
 */
export function escapeIdentifier(name: string): string {
  if (name.length === 0 || name.length > 128 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new QueryCompileError('QUERY_FORBIDDEN_IDENTIFIER', 'identifier refused', false);
  }
  return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}
