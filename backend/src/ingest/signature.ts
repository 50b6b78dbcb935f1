/**
 * Adapter to the failure-signature normalizer (intelligence/signature): the
 * one seam through which ingestion computes `error_signature`.
 */
import { computeSignature } from '../intelligence/signature/index.ts';
import type { ParsedError } from './model.ts';

export function errorSignature(error: ParsedError): string {
  return computeSignature(error).signature;
}
