/**
 * Shared by the ingest routes: rate limit, then hand the run to the service.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../errors/app-error.ts';
import { requireAuth } from '../../../plugins/auth.ts';
import type { ParsedReport } from '../../../ingest/model.ts';
import type { RunMeta } from '../../../ingest/run-meta.ts';
import type { IngestResult } from '../../../ingest/service.ts';

export function checkIngestRate(request: FastifyRequest): void {
  const { tenant } = requireAuth(request);
  const wait = request.server.services.ingestRate.take(tenant.id);
  if (wait > 0) {
    throw new AppError('RATE_LIMITED', `Tenant ${tenant.slug} is over its ingest rate; retry after ${wait} s.`, {
      headers: { 'retry-after': String(wait) },
    });
  }
}

export async function acceptRun(request: FastifyRequest, meta: RunMeta, report: ParsedReport, content: Buffer | string): Promise<IngestResult> {
  const { tenant } = requireAuth(request);
  return request.server.services.ingest.ingest(tenant, meta, report, content);
}

export const IngestResponseSchema = {
  type: 'object',
  properties: {
    runId: { type: 'string' },
    runIds: { type: 'array', items: { type: 'string' } },
    status: { type: 'string', enum: ['stored', 'duplicate'] },
    counts: {
      type: 'object',
      properties: {
        total: { type: 'integer' },
        passed: { type: 'integer' },
        failed: { type: 'integer' },
        errors: { type: 'integer' },
        skipped: { type: 'integer' },
      },
    },
  },
} as const;

export const ProblemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    instance: { type: 'string' },
  },
} as const;
