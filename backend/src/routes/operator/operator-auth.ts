/**
 * The operator credential: one bearer token from config (SEMANTEST_OPERATOR_TOKEN),
 * separate from tenant keys because it acts across tenants. Unset = the
 * operator API answers OPERATOR_API_DISABLED, so a server nobody configured
 * for provisioning exposes nothing. Compared in constant time over SHA-256
 * digests (equal length, so timingSafeEqual cannot throw or leak the length).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function checkOperatorToken(configured: string | undefined, request: FastifyRequest): void {
  if (!configured) {
    throw new AppError('OPERATOR_API_DISABLED', 'Set SEMANTEST_OPERATOR_TOKEN on the server to enable the operator API.');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match || !timingSafeEqual(digest(match[1]!), digest(configured))) {
    throw new AppError('AUTH_INVALID_OPERATOR_TOKEN', 'Send the operator token as "Authorization: Bearer <SEMANTEST_OPERATOR_TOKEN>".');
  }
}
