/**
 * Builds the export service for a data directory. Storage is chosen by
 * environment (not yet in the config schema):
 *   EXPORT_STORAGE=local (default)  files under DATA_DIR/exports, AES-256-GCM per tenant
 *   EXPORT_STORAGE=s3               EXPORT_S3_BUCKET (required), EXPORT_S3_ENDPOINT, EXPORT_S3_REGION,
 *                                   EXPORT_S3_PREFIX, EXPORT_S3_FORCE_PATH_STYLE=true; credentials
 *                                   from the AWS default chain (AWS_ACCESS_KEY_ID, …)
 */
import { join } from 'node:path';
import type { AnalyticsDriver } from '../storage/analytics/driver.ts';
import type { MetadataDb } from '../storage/metadata/driver.ts';
import type { TenantSecurityService } from '../security/tenant-security.ts';
import type { TenantService } from '../tenancy/tenants.ts';
import { DownloadLinks } from './download-link.ts';
import { ExportService, type ExportServiceOptions } from './export-service.ts';
import { ExportJobStore } from './job-store.ts';
import { MasterKey } from './master-key.ts';
import type { ExportStorage } from './storage/export-storage.ts';
import { LocalExportStorage } from './storage/local-storage.ts';
import { S3ExportStorage } from './storage/s3-storage.ts';

export interface OpenExportsInput {
  dataDir: string;
  metadata: MetadataDb;
  analytics: AnalyticsDriver;
  security: TenantSecurityService;
  tenants: TenantService;
  env?: Record<string, string | undefined>;
  /** Overrides the env choice (tests). */
  storage?: ExportStorage;
  options?: Partial<Pick<ExportServiceOptions, 'retentionMs' | 'linkTtlMs' | 'concurrency' | 'maxRows'>>;
}

export function openExports(input: OpenExportsInput): ExportService {
  const master = MasterKey.loadOrCreate(input.dataDir);
  return new ExportService({
    store: new ExportJobStore(input.metadata),
    storage: input.storage ?? storageFromEnv(input.env ?? {}, input.dataDir, master),
    links: new DownloadLinks(master.downloadSigningKey()),
    analytics: input.analytics,
    security: input.security,
    tenants: input.tenants,
    tmpDir: join(input.dataDir, 'exports-tmp'),
    ...input.options,
  });
}

export function storageFromEnv(
  env: Record<string, string | undefined>,
  dataDir: string,
  master: MasterKey
): ExportStorage {
  if ((env.EXPORT_STORAGE ?? 'local') === 'local') return new LocalExportStorage(join(dataDir, 'exports'), master);
  if (env.EXPORT_STORAGE !== 's3') throw new Error(`EXPORT_STORAGE must be local or s3, got ${env.EXPORT_STORAGE}`);
  if (!env.EXPORT_S3_BUCKET) throw new Error('EXPORT_STORAGE=s3 needs EXPORT_S3_BUCKET');
  return new S3ExportStorage({
    bucket: env.EXPORT_S3_BUCKET,
    prefix: env.EXPORT_S3_PREFIX ?? '',
    client: {
      ...(env.EXPORT_S3_ENDPOINT ? { endpoint: env.EXPORT_S3_ENDPOINT } : {}),
      region: env.EXPORT_S3_REGION ?? 'us-east-1',
      forcePathStyle: env.EXPORT_S3_FORCE_PATH_STYLE === 'true',
    },
  });
}
