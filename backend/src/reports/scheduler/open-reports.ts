/**
 * Wires the report stores, runner, delivery and scheduler from the app's
 * stores. services.ts builds one at boot (reading SMTP settings from the
 * environment there, where configuration is read); tests build extra
 * instances to play a second replica.
 */
import { resolve } from 'node:path';
import type { Services } from '../../services.ts';
import { QueryService } from '../../queries/query-service.ts';
import { ReportStore } from '../definitions/report-store.ts';
import { createDeliver, type DeliveryHook } from '../delivery/deliver.ts';
import { createFailureNotifier } from '../delivery/failure-notice.ts';
import { DeliveryLedger } from '../delivery/ledger.ts';
import { allowAnyTarget, refusePrivateTargets } from '../delivery/target-guard.ts';
import type { SmtpSettings } from '../delivery/email.ts';
import { ReportRunner, type Deliver } from './report-runner.ts';
import { ReportScheduler, type SchedulerOptions } from './report-scheduler.ts';
import { RunStore } from './run-store.ts';
import { RenderCache } from './render-cache.ts';
import { sweepReportFiles, type SweepResult } from './retention.ts';

export interface Reports {
  store: ReportStore;
  runs: RunStore;
  runner: ReportRunner;
  scheduler: ReportScheduler;
  ledger: DeliveryLedger;
  cache: RenderCache;
  /** The retention sweep (the scheduler loop runs it hourly). */
  sweep: (now: Date) => Promise<SweepResult>;
}

type Deps = Pick<Services, 'config' | 'metadata' | 'tenants' | 'security' | 'analytics' | 'audit'>;

/**
 * SMTP settings from `config.reports.smtpUrl` (smtp://user:pass@host:port)
 * and `config.reports.smtpFrom`; without them e-mail channels fail with
 * "no SMTP server is configured".
 */
export function smtpFromConfig(config: Services['config']): SmtpSettings | undefined {
  const r = config.reports;
  return r.smtpUrl ? { url: r.smtpUrl, from: r.smtpFrom } : undefined;
}

export interface ReportsOptions {
  /** Replaces the channel delivery (default: webhook, Slack, and e-mail when `smtp` is set). */
  deliver?: Deliver;
  smtp?: SmtpSettings;
  /** Allow webhook/Slack targets on loopback or private networks (tests, closed networks). */
  allowPrivateTargets?: boolean;
  scheduler?: SchedulerOptions;
  /** Defaults: config.reports.cacheTtlMs and fileRetentionMs. */
  cacheTtlMs?: number;
  retentionMs?: number;
  /** Test seam between a send and its ledger record (simulated crashes). */
  deliveryHook?: DeliveryHook;
}

export function createReports(s: Deps, opts: ReportsOptions = {}): Reports {
  const targetGuard = (opts.allowPrivateTargets ?? s.config.reports.allowPrivateTargets) ? allowAnyTarget : refusePrivateTargets;
  const ledger = new DeliveryLedger(s.metadata);
  const deliver =
    opts.deliver ??
    createDeliver({
      audit: s.audit,
      ledger,
      ...(opts.smtp ? { smtp: opts.smtp } : {}),
      targetGuard,
      ...(opts.deliveryHook ? { hook: opts.deliveryHook } : {}),
    });
  const dataDir = resolve(s.config.dataDir);
  const store = new ReportStore(s.metadata);
  const runs = new RunStore(s.metadata);
  const cache = new RenderCache(s.metadata, opts.cacheTtlMs ?? s.config.reports.cacheTtlMs);
  const retentionMs = opts.retentionMs ?? s.config.reports.fileRetentionMs;
  const runner = new ReportRunner({
    dataDir,
    runs,
    tenants: s.tenants,
    security: s.security,
    // Its own QueryService (stateless over the same engine and audit log), so services.ts needs one line only.
    queries: new QueryService(s.analytics, s.audit),
    audit: s.audit,
    cache,
    deliver,
  });
  const sweep = (now: Date) => sweepReportFiles(s.metadata, cache, dataDir, retentionMs, now);
  const notify = createFailureNotifier({ audit: s.audit, targetGuard, ...(opts.smtp ? { smtp: opts.smtp } : {}) });
  const scheduler = new ReportScheduler(
    { db: s.metadata, store, runs, runner, audit: s.audit, notify, sweep },
    opts.scheduler
  );
  return { store, runs, runner, scheduler, ledger, cache, sweep };
}

/** The report services of an app: the `reports` field services.ts builds at boot. */
export const reportsFor = (s: Pick<Services, 'reports'>): Reports => s.reports;
