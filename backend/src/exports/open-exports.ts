/**
 * Builds the export service for a data directory. Storage comes from the
 * validated config (`exports`): local files under DATA_DIR/exports with
 * AES-256-GCM per tenant (default), or an S3-compatible store whose
 * credentials come from the AWS default chain (AWS_ACCESS_KEY_ID, …).
 */
import { join } from 'node:path';
import type { Config } from '../config/schema.ts';
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
  config: Config['exports'];
  /** Overrides the configured storage (tests). */
  storage?: ExportStorage;
  options?: Partial<Pick<ExportServiceOptions, 'retentionMs' | 'linkTtlMs' | 'concurrency' | 'maxRows'>>;
}

export function openExports(input: OpenExportsInput): ExportService {
  const master = MasterKey.loadOrCreate(input.dataDir);
  return new ExportService({
    store: new ExportJobStore(input.metadata),
    storage: input.storage ?? storageFromConfig(input.config, input.dataDir, master),
    links: new DownloadLinks(master.downloadSigningKey()),
    analytics: input.analytics,
    security: input.security,
    tenants: input.tenants,
    tmpDir: join(input.dataDir, 'exports-tmp'),
    ...input.options,
  });
}

export function storageFromConfig(config: Config['exports'], dataDir: string, master: MasterKey): ExportStorage {
  if (config.storage === 'local') return new LocalExportStorage(join(dataDir, 'exports'), master);
  return new S3ExportStorage({
    bucket: config.s3Bucket!, // loadConfig refuses s3 without a bucket
    prefix: config.s3Prefix,
    client: {
      ...(config.s3Endpoint ? { endpoint: config.s3Endpoint } : {}),
      region: config.s3Region,
      forcePathStyle: config.s3ForcePathStyle,
    },
  });
}
