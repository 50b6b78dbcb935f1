/**
 * Opens the stores, runs migrations and wires the services. One instance per
 * process; the server and the CLI both start here, so they see the same data.
 */
import { join, resolve } from 'node:path';
import type { Config } from './config/schema.ts';
import type { AnalyticsDriver } from './storage/analytics/driver.ts';
import { ChdbDriver } from './storage/analytics/chdb-driver.ts';
import { migrateAnalytics } from './storage/analytics/migrate.ts';
import type { MetadataDb } from './storage/metadata/driver.ts';
import { PgliteDb } from './storage/metadata/pglite-db.ts';
import { PostgresDb } from './storage/metadata/postgres-db.ts';
import { migrateMetadata } from './storage/metadata/migrate.ts';
import { TenantService } from './tenancy/tenants.ts';
import { KeyService } from './tenancy/keys.ts';
import { BatchJournal } from './ingest/journal.ts';
import { BatchWriter } from './ingest/writer.ts';
import { IngestQueue } from './ingest/queue.ts';
import { IngestService } from './ingest/service.ts';
import { TenantRateLimiter } from './ingest/rate-limiter.ts';
import { lockDataDir } from './storage/data-dir-lock.ts';
import { TenantSecurityService } from './security/tenant-security.ts';
import { FieldKeyring } from './security/encryption/keyring.ts';
import { IntelligenceService } from './intelligence/service/intelligence-service.ts';
import { AuditLog } from './audit/audit-log.ts';
import { QueryService } from './queries/query-service.ts';
import { openExports } from './exports/open-exports.ts';
import type { ExportService } from './exports/export-service.ts';
import { createReports, smtpFromConfig, type Reports } from './reports/scheduler/open-reports.ts';
import { PlatformSampler } from './platform/sampler.ts';

export interface Services {
  config: Config;
  analytics: AnalyticsDriver;
  metadata: MetadataDb;
  tenants: TenantService;
  keys: KeyService;
  queue: IngestQueue;
  ingest: IngestService;
  ingestRate: TenantRateLimiter;
  security: TenantSecurityService;
  intelligence: IntelligenceService;
  audit: AuditLog;
  queries: QueryService;
  exports: ExportService;
  reports: Reports;
  platform: PlatformSampler;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Skip the analytics store (CLI commands that only touch metadata). */
  withoutAnalytics?: boolean;
  /** Who holds the data directory, for the message another process gets. */
  role?: string;
}

export async function openServices(config: Config, opts: OpenOptions = {}): Promise<Services> {
  const dataDir = resolve(config.dataDir);
  const unlock = lockDataDir(dataDir, opts.role ?? 'semantest server');
  const metadata: MetadataDb = config.databaseUrl
    ? await PostgresDb.open(config.databaseUrl)
    : await PgliteDb.open(join(dataDir, 'pglite'));
  await migrateMetadata(metadata);
  const analytics = opts.withoutAnalytics ? unavailableAnalytics() : new ChdbDriver(join(dataDir, 'clickhouse'));
  if (!opts.withoutAnalytics) await migrateAnalytics(analytics);
  const writer = new BatchWriter(analytics, new BatchJournal(join(dataDir, 'ingest-journal')));
  if (!opts.withoutAnalytics) await writer.recover();
  const queue = new IngestQueue(writer, config.ingest);
  const tenants = new TenantService(metadata);
  const keys = new KeyService(metadata, tenants, {
    cacheTtlMs: config.auth.keyCacheTtlMs,
    lastUsedResolutionMs: config.auth.lastUsedResolutionMs,
  });
  const audit = new AuditLog(analytics);
  const security = new TenantSecurityService(metadata, tenants, undefined, FieldKeyring.fromConfig(config));
  const exportJobs = openExports({ dataDir, metadata, analytics, security, tenants, config: config.exports, publicUrl: config.publicUrl,
    audit, smtp: smtpFromConfig(config), allowPrivateTargets: config.reports.allowPrivateTargets });
  const intelligence = await IntelligenceService.open(metadata, analytics, {
    evaluateEveryMinutes: opts.withoutAnalytics ? 0 : config.intelligence.evaluateEveryMinutes,
    mirrorEverySeconds: opts.withoutAnalytics ? 0 : config.intelligence.mirrorEverySeconds,
  });
  const queries = new QueryService(analytics, audit);
  const platform = new PlatformSampler({ analytics, queue, queries }).start(opts.withoutAnalytics ? 0 : config.platform.sampleSeconds);
  return {
    config,
    analytics,
    metadata,
    tenants,
    keys,
    queue,
    ingest: new IngestService(queue, { maxResultsPerRun: config.ingest.maxResultsPerRun }, (tenant) => security.encryptorFor(tenant)),
    ingestRate: new TenantRateLimiter(config.ingest.tenantRequestsPerSecond, config.ingest.tenantBurst),
    security,
    intelligence,
    audit,
    queries,
    platform,
    exports: exportJobs,
    reports: createReports({ config, metadata, tenants, security, analytics, audit }, { smtp: smtpFromConfig(config) }),
    async close() {
      try {
        intelligence.stop();
        await platform.stop();
        await queue.drain();
        await exportJobs.close();
        if (!opts.withoutAnalytics) await audit.close();
        await analytics.close();
        await metadata.close();
      } finally {
        unlock();
      }
    },
  };
}

function unavailableAnalytics(): AnalyticsDriver {
  const fail = async (): Promise<never> => {
    throw new Error('analytics store not opened in this process');
  };
  return {
    kind: 'chdb',
    query: fail,
    command: fail,
    insertJsonEachRow: fail,
    close: async () => undefined,
  };
}
