/**
 * Builds the export service for a data directory. Storage comes from the
 * validated config (`exports`): local files under DATA_DIR/exports with
 * AES-256-GCM per tenant (default), an S3-compatible store whose
 * credentials come from the AWS default chain (AWS_ACCESS_KEY_ID, …), or
 * Azure Blob Storage (connection string setting).
 *
 * Opening also sweeps export temp files a crashed run left in DATA_DIR/tmp
 * (safe: the caller holds the DATA_DIR lock, so no export is running).
 */
import { rmSync } from 'node:fs';
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
import { AzureExportStorage } from './storage/azure-storage.ts';
import { S3ExportStorage } from './storage/s3-storage.ts';
import { exportTempDir, sweepTempFiles } from './temp-files.ts';

export interface OpenExportsInput {
  dataDir: string;
  metadata: MetadataDb;
  analytics: AnalyticsDriver;
  security: TenantSecurityService;
  tenants: TenantService;
  config: Config['exports'];
  /** Config `publicUrl` (SEMANTEST_PUBLIC_URL): the base of signed download links. */
  publicUrl?: string | undefined;
  /** Overrides the configured storage (tests). */
  storage?: ExportStorage;
  options?: Partial<Pick<ExportServiceOptions, 'retentionMs' | 'linkTtlMs' | 'concurrency' | 'maxRows' | 'leaseMs' | 'maxAttempts'>>;
}

export function openExports(input: OpenExportsInput): ExportService {
  const master = MasterKey.loadOrCreate(input.dataDir);
  const tmpDir = exportTempDir(input.dataDir);
  sweepTempFiles(tmpDir);
  // Versions before DATA_DIR/tmp wrote here; nothing else ever did.
  rmSync(join(input.dataDir, 'exports-tmp'), { recursive: true, force: true });
  return new ExportService({
    db: input.metadata,
    store: new ExportJobStore(input.metadata),
    storage: input.storage ?? storageFromConfig(input.config, input.dataDir, master),
    links: new DownloadLinks(master.downloadSigningKey()),
    analytics: input.analytics,
    security: input.security,
    tenants: input.tenants,
    tmpDir,
    ...(input.publicUrl ? { publicUrl: input.publicUrl } : {}),
    ...input.options,
  });
}

export function storageFromConfig(config: Config['exports'], dataDir: string, master: MasterKey): ExportStorage {
  if (config.storage === 'local') return new LocalExportStorage(join(dataDir, 'exports'), master);
  if (config.storage === 'azure')
    return new AzureExportStorage({
      connectionString: config.azureConnectionString!, // loadConfig refuses azure without one
      container: config.azureContainer!,
      prefix: config.azurePrefix,
    });
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
