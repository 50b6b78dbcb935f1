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
import { createDeliver } from '../delivery/deliver.ts';
import { allowAnyTarget, refusePrivateTargets } from '../delivery/target-guard.ts';
import type { SmtpSettings } from '../delivery/email.ts';
import { ReportRunner, type Deliver } from './report-runner.ts';
import { ReportScheduler, type SchedulerOptions } from './report-scheduler.ts';
import { RunStore } from './run-store.ts';

export interface Reports {
  store: ReportStore;
  runs: RunStore;
  runner: ReportRunner;
  scheduler: ReportScheduler;
}

type Deps = Pick<Services, 'config' | 'metadata' | 'tenants' | 'security' | 'analytics' | 'audit'>;

/**
 * SMTP settings from `config.reports.smtpUrl` (smtp://user:pass@host:port)
 * and `config.reports.smtpFrom`. Those keys are not in config/schema.ts yet
 * (not this module's file): until they are, e-mail channels fail with
 * "no SMTP server is configured" and tests pass `smtp` to createReports.
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
}

export function createReports(s: Deps, opts: ReportsOptions = {}): Reports {
  const deliver =
    opts.deliver ??
    createDeliver({
      audit: s.audit,
      ...(opts.smtp ? { smtp: opts.smtp } : {}),
      targetGuard: (opts.allowPrivateTargets ?? s.config.reports.allowPrivateTargets) ? allowAnyTarget : refusePrivateTargets,
    });
  const store = new ReportStore(s.metadata);
  const runs = new RunStore(s.metadata);
  const runner = new ReportRunner({
    dataDir: resolve(s.config.dataDir),
    runs,
    tenants: s.tenants,
    security: s.security,
    // Its own QueryService (stateless over the same engine and audit log), so services.ts needs one line only.
    queries: new QueryService(s.analytics, s.audit),
    audit: s.audit,
    deliver,
  });
  return { store, runs, runner, scheduler: new ReportScheduler(s.metadata, store, runner, s.audit, opts.scheduler) };
}

/** The report services of an app: the `reports` field services.ts builds at boot. */
export const reportsFor = (s: Pick<Services, 'reports'>): Reports => s.reports;
