/**
 * Adapter to the failure-signature normalizer (intelligence/signature): the
 * one seam through which ingestion computes `error_signature`.
 */
import { computeSignature } from '../intelligence/signature/index.ts';
import { ingestEnrichment } from '../intelligence/service/ingest-context.ts';
import type { ParsedError } from './model.ts';

/** The tenant's override rules come from an in-memory cache (no I/O on the hot path). */
export function errorSignature(error: ParsedError, tenantId?: string): string {
  return computeSignature(error, tenantId ? ingestEnrichment.signatureRules(tenantId) : undefined).signature;
}

/** Owners from the project's CODEOWNERS / path rules when the report names none. */
export function resolvedOwner(tenantId: string, project: string, file: string | undefined, given: string | undefined): string {
  return given || ingestEnrichment.owner(tenantId, project, file ?? '');
}
