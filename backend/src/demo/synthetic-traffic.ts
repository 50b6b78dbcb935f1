/**
 * Feeds synthetic CI runs through the real ingestion service: a backfill of
 * history on first start, and optional live traffic.
 */
import type { Services } from '../services.ts';
import type { Tenant } from '../tenancy/types.ts';
import { jsonToReport } from '../ingest/json-run.ts';
import { syntheticCatalog, syntheticRun } from './synthetic-ci.ts';

const PROJECT_NAMES = ['web', 'api', 'mobile'];

export async function backfillHistory(services: Services, tenant: Tenant, opts: { days: number; runsPerDay: number }): Promise<number> {
  const catalog = syntheticCatalog();
  const now = Date.now();
  const total = opts.days * opts.runsPerDay;
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const at = new Date(now - (total - i) * ((opts.days * 86_400_000) / total));
    const run = syntheticRun(catalog, PROJECT_NAMES[i % PROJECT_NAMES.length]!, at, 1000 + i, i / total);
    pending.push(services.ingest.ingest(tenant, { ...run.meta, runId: `demo-backfill-${i}` }, jsonToReport(run.results, run.perf), `backfill-${i}`));
  }
  await Promise.all(pending);
  return total;
}

export function startSyntheticTraffic(
  services: Services,
  tenant: Tenant,
  runsPerMinute: number,
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void },
): () => void {
  const catalog = syntheticCatalog();
  let n = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    const i = n++;
    const run = syntheticRun(catalog, PROJECT_NAMES[i % PROJECT_NAMES.length]!, new Date(), started + i, Math.min(1, i / 500));
    services.ingest
      .ingest(tenant, { ...run.meta, runId: `synthetic-${started}-${i}` }, jsonToReport(run.results, run.perf), `synthetic-${started}-${i}`)
      .then((r) => {
        if (i % 20 === 0) log.info({ runId: r.runId, counts: r.counts }, 'synthetic CI run stored');
      })
      .catch((err: unknown) => log.warn({ err }, 'synthetic run refused'));
  }, Math.max(10, Math.round(60_000 / runsPerMinute)));
  timer.unref();
  log.info({ runsPerMinute }, 'feeding live synthetic CI traffic into tenant demo');
  return () => clearInterval(timer);
}
