/**
 * Adapter to the failure-signature normalizer (intelligence/signature): the
 * one seam through which ingestion computes `error_signature`.
 */
import { computeSignature, type CompiledRule } from '../intelligence/signature/index.ts';
import { ingestEnrichment } from '../intelligence/service/ingest-context.ts';
import type { ParsedError } from './model.ts';

/**
 * The same failure text recurs across runs and retries, and normalizing it
 * costs tens of microseconds: memoised per rule set. A rule change installs a
 * new rules array, so its memo starts empty (WeakMap by array identity);
 * each memo is bounded (cleared when full).
 */
const MEMO_LIMIT = 20_000;
/** Longer failure texts are not memoised, so the memo stays under ~80 MB. */
const MEMO_MAX_KEY = 4096;
const NO_RULES: readonly CompiledRule[] = [];
const memos = new WeakMap<readonly CompiledRule[], Map<string, string>>();

/** The tenant's override rules come from an in-memory cache (no I/O on the hot path). */
export function errorSignature(error: ParsedError, tenantId?: string): string {
  const rules = tenantId ? ingestEnrichment.signatureRules(tenantId) : undefined;
  let memo = memos.get(rules ?? NO_RULES);
  if (!memo) memos.set(rules ?? NO_RULES, (memo = new Map()));
  // Lengths first: the key is unambiguous whatever the texts contain.
  const type = error.type ?? '';
  const message = error.message ?? '';
  const stack = error.stack ?? '';
  if (type.length + message.length + stack.length > MEMO_MAX_KEY) return computeSignature(error, rules).signature;
  const key = `${type.length}:${message.length}:${type}${message}${stack}`;
  let signature = memo.get(key);
  if (signature === undefined) {
    signature = computeSignature(error, rules).signature;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, signature);
  }
  return signature;
}

/** Owners from the project's CODEOWNERS / path rules when the report names none. */
export function resolvedOwner(tenantId: string, project: string, file: string | undefined, given: string | undefined): string {
  return given || ingestEnrichment.owner(tenantId, project, file ?? '');
}
