/**
 * Adapter to the failure-signature normalizer (intelligence/signature). Kept
 * as one seam so ingestion does not depend on how signatures are computed.
 */
import { createHash } from 'node:crypto';
import type { ParsedError } from './model.ts';

export function errorSignature(error: ParsedError): string {
  const firstLine = (error.message ?? error.stack ?? '').split('\n', 1)[0] ?? '';
  const normalized = `${error.type ?? ''}|${firstLine.replace(/\d+/g, 'N')}`;
  return createHash('sha256').update(normalized).digest('hex').slice(0, 16);
}
