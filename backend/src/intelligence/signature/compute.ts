/**
 * computeSignature: the stable identity of a failure, filled into
 * `test_results.error_signature` at ingest time and used to cluster failures.
 *
 * signature = first 16 hex chars of sha256(type | normalized headline | top
 * application frame). The headline is the message (or, without one, the
 * stack lines before the first frame), normalized by normalizeText. Tenant
 * rules, when one matches the raw text, replace the hash with their name.
 */
import { createHash } from 'node:crypto';
import { normalizeText } from './normalize.ts';
import { topFrame, isFrameLine } from './frames.ts';
import { matchRule, compileRules, type CompiledRule, type SignatureRule } from './rules.ts';

export interface ErrorInput {
  type?: string;
  message?: string;
  stack?: string;
}

export interface Signature {
  signature: string;
  normalized: string;
  frame?: string;
  /** Set when a tenant rule decided the signature. */
  rule?: string;
}

function headline(error: ErrorInput): string {
  // Some reports put the whole failure body (message + frames) in the
  // message; either way the headline stops at the first stack frame.
  const source = error.message && error.message.trim() ? error.message : error.stack ?? '';
  const lines = source.split(/\r?\n/).slice(0, 50);
  const firstFrame = lines.findIndex((line, i) => isFrameLine(line, lines[i + 1]));
  if (firstFrame === 0) return '';
  return (firstFrame === -1 ? lines.slice(0, 5) : lines.slice(0, firstFrame)).join('\n');
}

/** Exception type from "TypeError: msg" / "java.io.IOException: msg" when none was given. */
function inferType(text: string): string {
  const m = /^\s*((?:[A-Za-z_$][\w$.]*)?(?:Error|Exception|Failure|Panic))(?=\s?:|\s|$)/.exec(text);
  return m ? m[1]! : '';
}

/** Strips a leading "Type: " that repeats the type, so message-with and -without prefix agree. */
function stripTypePrefix(text: string, type: string): string {
  if (!type) return text;
  const short = type.split('.').pop()!;
  for (const prefix of [type, short]) {
    if (text.startsWith(`${prefix}: `)) return text.slice(prefix.length + 2);
    if (text.startsWith(`${prefix} : `)) return text.slice(prefix.length + 3);
  }
  return text;
}

/**
 * Without a parseable frame the stack is usually the failure body (a
 * compiler error under "Test suite failed to run", a pytest excerpt); its
 * first lines beyond the headline tell failures apart that share a generic
 * headline.
 */
function bodyDetail(stack: string | undefined, head: string): string {
  if (!stack) return '';
  const headLines = new Set(head.split('\n').map((l) => l.trim()));
  return stack
    .split(/\r?\n/, 50)
    .map((l) => l.trim())
    .filter((l) => l && !headLines.has(l) && !/^[~^\s]+$/.test(l))
    .slice(0, 2)
    .join('\n');
}

export function computeSignature(error: ErrorInput, rules?: readonly CompiledRule[] | readonly SignatureRule[]): Signature {
  const rawHead = headline(error).trim();
  const type = (error.type?.trim() || inferType(rawHead) || inferType(error.stack ?? '')).slice(0, 200);
  const frame = topFrame(error.stack);
  const detail = frame ? '' : bodyDetail(error.stack, rawHead);
  const normalized = normalizeText(stripTypePrefix(detail ? `${rawHead}\n${detail}` : rawHead, type));
  const base: Signature = { signature: '', normalized, ...(frame ? { frame } : {}) };

  if (rules && rules.length > 0) {
    const compiled = 'regex' in rules[0]! ? (rules as readonly CompiledRule[]) : compileRules(rules as readonly SignatureRule[]);
    const raw = `${type}: ${error.message ?? ''}\n${error.stack ?? ''}`;
    const named = matchRule(compiled, raw);
    if (named) return { ...base, signature: named, rule: named };
  }
  const digest = createHash('sha256').update(`${type}\u0000${normalized}\u0000${frame ?? ''}`).digest('hex');
  return { ...base, signature: digest.slice(0, 16) };
}
