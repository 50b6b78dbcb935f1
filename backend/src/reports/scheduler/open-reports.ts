/**
 * Wires the report stores, runner and scheduler from the app's services.
 * Built once per Services instance (WeakMap), so the routes and the
 * scheduler share one runner without a new field in services.ts.
 */
import { join, resolve } from 'node:path';
import type { Services } from '../../services.ts';
import { ReportStore } from '../definitions/report-store.ts';
import { ReportRunner, type Deliver } from './report-runner.ts';
import { ReportScheduler, type SchedulerOptions } from './report-scheduler.ts';
import { RunStore } from './run-store.ts';

export interface Reports {
  store: ReportStore;
  runs: RunStore;
  runner: ReportRunner;
  scheduler: ReportScheduler;
}

type Deps = Pick<Services, 'config' | 'metadata' | 'tenants' | 'security' | 'queries' | 'audit'>;

export function createReports(s: Deps, opts: { deliver?: Deliver; scheduler?: SchedulerOptions } = {}): Reports {
  const store = new ReportStore(s.metadata);
  const runs = new RunStore(s.metadata);
  const runner = new ReportRunner({
    dataDir: resolve(s.config.dataDir),
    runs,
    tenants: s.tenants,
    security: s.security,
    queries: s.queries,
    audit: s.audit,
    ...(opts.deliver ? { deliver: opts.deliver } : {}),
  });
  return { store, runs, runner, scheduler: new ReportScheduler(s.metadata, store, runner, s.audit, opts.scheduler) };
}

const byServices = new WeakMap<object, Reports>();

export function reportsFor(s: Deps): Reports {
  let r = byServices.get(s);
  if (!r) {
    r = createReports(s);
    byServices.set(s, r);
  }
  return r;
}

export const reportFilesDir = (dataDir: string, tenantId: string) => join(resolve(dataDir), 'reports', tenantId);
