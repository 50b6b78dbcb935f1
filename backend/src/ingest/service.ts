/**
 * Ingestion service: validated input → rows → write queue. The routes and the
 * synthetic traffic generator call it; it owns run-id derivation (idempotency)
 * and the per-tenant limits.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import type { Tenant } from '../tenancy/types.ts';
import type { ParsedReport } from './model.ts';
import type { RunMeta } from './run-meta.ts';
import { buildRunRows } from './rows.ts';
import type { IngestQueue } from './queue.ts';
import type { FieldEncryptor } from '../security/encryption/settings.ts';

export interface IngestResult {
  runId: string;
  status: 'stored' | 'duplicate';
  counts: { total: number; passed: number; failed: number; errors: number; skipped: number };
}

export class IngestService {
  constructor(
    private readonly queue: IngestQueue,
    private readonly limits: { maxResultsPerRun: number },
    /** Encrypts sensitive fields at rest when the tenant has it enabled. */
    private readonly encryptorFor: (tenant: Tenant) => Promise<FieldEncryptor | undefined> = async () => undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Stores one run. `content` identifies what was sent: with no run id, the
   * same content (and metadata) always maps to the same run, so a retried
   * upload is recognised as a duplicate instead of stored twice.
   */
  async ingest(tenant: Tenant, meta: RunMeta, report: ParsedReport, content: Buffer | string): Promise<IngestResult> {
    if (report.cases.length > this.limits.maxResultsPerRun) {
      throw new AppError('VALIDATION_FAILED', `A run may carry at most ${this.limits.maxResultsPerRun} results; split the upload.`);
    }
    const { runId: givenRunId, ...metaWithoutId } = meta;
    const contentHash = createHash('sha256')
      .update(JSON.stringify(metaWithoutId))
      .update('\u0000')
      .update(content)
      .digest('hex');
    const runId = givenRunId ?? `h-${contentHash.slice(0, 32)}`;
    const rows = buildRunRows({
      tenantId: tenant.id,
      retentionDays: tenant.retentionDays,
      runId,
      contentHash,
      meta,
      report,
      now: this.clock(),
      encrypt: await this.encryptorFor(tenant),
    });
    const outcome = await this.queue.submit(rows);
    if (outcome.status === 'conflict') {
      throw new AppError('INGEST_RUN_CONFLICT', `Run ${runId} was already stored with different content; use a new run id for a new run.`, {
        extra: { runId },
      });
    }
    return { runId, status: outcome.status, counts: rows.counts };
  }
}
