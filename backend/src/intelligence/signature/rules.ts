/**
 * Per-tenant override rules: `{ pattern, signature }` pairs that group errors
 * by a tenant's own judgement ("every ECONNREFUSED is the flaky db"). A rule
 * that matches wins over the default grouping; the first matching rule wins.
 *
 * Threat: tenants supply these regexes and they run on every ingested
 * failure, so a catastrophic-backtracking pattern would be a denial of
 * service. JavaScript regexes have no timeout, so safety is structural:
 * patterns are length-capped, constructs that can backtrack exponentially
 * (quantified groups that contain quantifiers or alternation, back-references)
 * are refused at save time, and the matched input is capped.
 */
import { AppError } from '../../errors/app-error.ts';

export interface SignatureRule {
  /** JavaScript regex source, matched against `type: message\nstack`. */
  pattern: string;
  /** Signature (cluster name) assigned when the pattern matches. */
  signature: string;
  /** Only `i` is accepted. */
  flags?: string;
}

export interface CompiledRule {
  readonly regex: RegExp;
  readonly signature: string;
}

export const MAX_PATTERN_LENGTH = 200;
export const MAX_SIGNATURE_LENGTH = 120;
export const MAX_RULE_INPUT = 4000;

/** Why a pattern is unsafe, or null when it passes the structural check. */
export function unsafeReason(pattern: string): string | null {
  if (pattern.length === 0) return 'empty pattern';
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed';
  if (/\(\?<?[=!]/.test(pattern)) return 'lookaround is not allowed';
  // A quantifier applied to a group whose body itself repeats or alternates:
  // (a+)+, (a|aa)*, (?:x*y)+, (a+){2,} — the classic exponential shapes.
  const quantifiedGroup = /\((?:[^()\\]|\\.)*(?:[+*}]|\|)(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,?\d*\})/;
  if (quantifiedGroup.test(pattern)) return 'a repeated group may not contain a quantifier or alternation';
  // Nested groups under a quantifier are refused wholesale: the check above
  // only sees one level, so depth > 1 inside a repeat is not analysed.
  if (/\([^)]*\([^)]*\)[^)]*\)(?:[+*]|\{\d+,?\d*\})/.test(pattern)) return 'nested groups may not be repeated';
  // Three or more unbounded wildcards (.*, .+) make polynomial blow-ups on long non-matching input.
  if ((pattern.match(/\.[*+]/g) ?? []).length >= 3) return 'too many unbounded wildcards';
  return null;
}

function invalid(detail: string, index: number): AppError {
  return new AppError('VALIDATION_FAILED', detail, { extra: { field: `rules[${index}].pattern`, reason: 'SIGNATURE_RULE_UNSAFE' } });
}

/** Validates and compiles a tenant's rules; throws a coded AppError on the first bad one. */
export function compileRules(rules: readonly SignatureRule[]): CompiledRule[] {
  return rules.map((rule, index) => {
    const reason = unsafeReason(rule.pattern);
    if (reason) throw invalid(`signature rule ${index}: ${reason}`, index);
    if (!rule.signature || rule.signature.length > MAX_SIGNATURE_LENGTH) {
      throw invalid(`signature rule ${index}: signature must be 1..${MAX_SIGNATURE_LENGTH} characters`, index);
    }
    const flags = rule.flags ?? '';
    if (!/^i?$/.test(flags)) throw invalid(`signature rule ${index}: only the "i" flag is allowed`, index);
    try {
      return { regex: new RegExp(rule.pattern, flags), signature: rule.signature };
    } catch (err) {
      throw invalid(`signature rule ${index}: ${(err as Error).message}`, index);
    }
  });
}

/** The signature of the first rule matching `text`, if any. */
export function matchRule(rules: readonly CompiledRule[], text: string): string | undefined {
  const input = text.length > MAX_RULE_INPUT ? text.slice(0, MAX_RULE_INPUT) : text;
  return rules.find((rule) => rule.regex.test(input))?.signature;
}
