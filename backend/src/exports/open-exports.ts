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
import type { AuditLog } from '../audit/audit-log.ts';
import type { DeliveryHook } from '../reports/delivery/deliver-each.ts';
import type { SmtpSettings } from '../reports/delivery/email.ts';
import { DeliveryLedger } from '../reports/delivery/ledger.ts';
import { allowAnyTarget, refusePrivateTargets } from '../reports/delivery/target-guard.ts';
import { DeliveryRunner } from './delivery/delivery-runner.ts';
import { DeliveryStore } from './delivery/delivery-store.ts';
import { limitsFromConfig } from './engine-settings.ts';

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
  /** With the audit log, scheduled exports deliver their links (exports/delivery/); without it they are only stored. */
  audit?: AuditLog;
  /** SMTP for e-mail channels (the reports' settings, SEMANTEST_SMTP_URL). */
  smtp?: SmtpSettings | undefined;
  /** Webhook/Slack targets on loopback or private networks allowed (SEMANTEST_ALLOW_PRIVATE_WEBHOOKS). */
  allowPrivateTargets?: boolean;
  /** Test seam between a send and its ledger record (simulated crashes). */
  deliveryHook?: DeliveryHook;
}

export function openExports(input: OpenExportsInput): ExportService {
  const master = MasterKey.loadOrCreate(input.dataDir);
  const tmpDir = exportTempDir(input.dataDir);
  sweepTempFiles(tmpDir);
  // Versions before DATA_DIR/tmp wrote here; nothing else ever did.
  rmSync(join(input.dataDir, 'exports-tmp'), { recursive: true, force: true });
  const links = new DownloadLinks(master.downloadSigningKey());
  const delivery = input.audit
    ? new DeliveryRunner({
        audit: input.audit,
        ledger: new DeliveryLedger(input.metadata, 'export'),
        store: new DeliveryStore(input.metadata),
        smtp: input.smtp,
        guard: input.allowPrivateTargets ? allowAnyTarget : refusePrivateTargets,
        links,
        publicUrl: input.publicUrl?.replace(/\/+$/, ''),
        linkTtlMs: input.config.deliveryLinkTtlMs,
        maxAttempts: input.config.deliveryMaxAttempts,
        backoffMs: input.config.deliveryBackoffMs,
        hook: input.deliveryHook,
      })
    : undefined;
  return new ExportService({
    db: input.metadata,
    store: new ExportJobStore(input.metadata),
    storage: input.storage ?? storageFromConfig(input.config, input.dataDir, master),
    links,
    analytics: input.analytics,
    security: input.security,
    tenants: input.tenants,
    tmpDir,
    ...(input.publicUrl ? { publicUrl: input.publicUrl } : {}),
    ...(delivery ? { delivery } : {}),
    engineLimits: limitsFromConfig(input.config),
    pipes: input.config.streamThroughPipe,
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
