/**
 * CODEOWNERS parsing and owner resolution. As on GitHub, the LAST matching
 * line wins, and a matching line without owners leaves the path unowned.
 * Path rules given through the API (`{ pattern, owners }`) use the same
 * pattern language and take precedence over the file: they are the
 * project's explicit override.
 */
import { AppError } from '../../errors/app-error.ts';
import { normalizePath, patternToRegex } from './pattern.ts';

export interface OwnerRule {
  pattern: string;
  owners: string[];
}

interface CompiledOwnerRule extends OwnerRule {
  regex: RegExp;
  line?: number;
}

const MAX_LINES = 10_000;
const MAX_PATTERN = 500;

/** Splits on unescaped whitespace; `\ ` stays part of the token. */
function tokens(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      cur += ch + line[++i]!;
    } else if (/\s/.test(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur) out.push(cur);
  return out;
}

export function parseCodeowners(text: string): OwnerRule[] {
  const rules: OwnerRule[] = [];
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_LINES) throw new AppError('VALIDATION_FAILED', `CODEOWNERS has more than ${MAX_LINES} lines`, { extra: { field: 'codeowners' } });
  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const [pattern, ...rest] = tokens(line);
    if (!pattern) continue;
    // An unescaped "#" token starts an inline comment.
    const commentAt = rest.findIndex((t) => t.startsWith('#'));
    const owners = commentAt === -1 ? rest : rest.slice(0, commentAt);
    rules.push({ pattern, owners });
  }
  return rules;
}

function compile(rules: readonly OwnerRule[]): CompiledOwnerRule[] {
  return rules.map((r, i) => {
    if (!r.pattern || r.pattern.length > MAX_PATTERN) {
      throw new AppError('VALIDATION_FAILED', `owner rule ${i}: pattern must be 1..${MAX_PATTERN} characters`, { extra: { field: `rules[${i}].pattern` } });
    }
    return { ...r, regex: patternToRegex(r.pattern) };
  });
}

function lastMatch(rules: readonly CompiledOwnerRule[], path: string): CompiledOwnerRule | undefined {
  for (let i = rules.length - 1; i >= 0; i--) if (rules[i]!.regex.test(path)) return rules[i];
  return undefined;
}

export interface OwnerResolver {
  /** Owners of a test file (empty when unowned). */
  resolveOwner(file: string): string[];
}

export function createOwnerResolver(opts: { codeowners?: string; rules?: readonly OwnerRule[]; stripPrefix?: string }): OwnerResolver {
  const fromFile = compile(opts.codeowners ? parseCodeowners(opts.codeowners) : []);
  const fromApi = compile(opts.rules ?? []);
  return {
    resolveOwner(file: string): string[] {
      if (!file) return [];
      const path = normalizePath(file, opts.stripPrefix);
      const hit = lastMatch(fromApi, path) ?? lastMatch(fromFile, path);
      return hit ? [...hit.owners] : [];
    },
  };
}
