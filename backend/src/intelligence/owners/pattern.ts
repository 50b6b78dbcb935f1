/**
 * CODEOWNERS path patterns (GitHub semantics, a subset of gitignore):
 * - a leading `/`, or a `/` anywhere but the end, anchors the pattern at the
 *   repository root; otherwise it matches at any depth (`*.js`, `docs`);
 * - a trailing `/` matches everything inside that directory;
 * - a pattern without glob at the end also matches everything below a
 *   directory of that name (`docs` owns `docs/a/b.md`);
 * - `*` matches within one path segment, `?` one character, `**` any number
 *   of segments; a pattern ending in `/*` owns only the directory's direct
 *   files (`docs/*` does not own `docs/a/b.md`);
 * - `\` escapes the next character (`\#`, `\ `).
 * GitHub does not support `!` negation or `[...]` ranges; they are literal here.
 */

function escapeRegex(ch: string): string {
  return /[.+^${}()|[\]\\*?]/.test(ch) ? `\\${ch}` : ch;
}

export function patternToRegex(raw: string): RegExp {
  let pattern = raw;
  const anchored = pattern.startsWith('/') || pattern.slice(0, -1).includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  const dirOnly = pattern.endsWith('/');
  if (dirOnly) pattern = pattern.slice(0, -1);
  const directFilesOnly = /(^|\/)\*$/.test(pattern) && !pattern.endsWith('**');

  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      body += escapeRegex(pattern[++i]!);
    } else if (ch === '*' && pattern[i + 1] === '*') {
      const atStart = i === 0 || pattern[i - 1] === '/';
      const slashAfter = pattern[i + 2] === '/';
      if (atStart && slashAfter) {
        body += '(?:[^/]+/)*'; // "**/" = zero or more directories
        i += 2;
      } else {
        body += '.*';
        i += 1;
      }
    } else if (ch === '*') {
      body += '[^/]*';
    } else if (ch === '?') {
      body += '[^/]';
    } else {
      body += escapeRegex(ch);
    }
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  const suffix = dirOnly ? '/.*$' : directFilesOnly ? '$' : '(?:/.*)?$';
  return new RegExp(prefix + body + suffix);
}

/** Repository-relative, forward slashes, no leading `./` or `/`. */
export function normalizePath(file: string, stripPrefix?: string): string {
  let p = file.replace(/\\/g, '/').replace(/^\.\//, '');
  if (stripPrefix) {
    const prefix = stripPrefix.replace(/\\/g, '/').replace(/\/?$/, '/');
    if (p.startsWith(prefix)) p = p.slice(prefix.length);
  }
  return p.replace(/^\/+/, '');
}
