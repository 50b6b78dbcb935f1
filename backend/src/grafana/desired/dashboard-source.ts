/**
 * The dashboards a tenant org gets. Preferred source: the dashboards-as-code
 * package (`@semantest/dashboards`, `buildDashboards({ datasourceUid })`);
 * until it exports that, the generated JSON in
 * provisioning/dashboards/semantest/*.json (the files Grafana loads into org
 * 1), so both paths install the same dashboards. Every dashboard needs a
 * stable uid: that is what makes re-running an update, not a duplicate.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASOURCE } from './constants.ts';

export type DashboardModel = Record<string, unknown> & { uid: string; title: string };

type Builder = (opts: { datasourceUid: string }) => unknown;

export async function loadDashboards(provisioningDir: string, opts: { usePackage?: boolean } = {}): Promise<{ source: string; dashboards: DashboardModel[] }> {
  const built = opts.usePackage === false ? null : await fromPackage();
  if (built) return { source: '@semantest/dashboards', dashboards: built.map((d) => check(d)) };
  const dir = join(provisioningDir, 'dashboards', 'semantest');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  return {
    source: `${dir}/*.json`,
    dashboards: files.map((f) => check(JSON.parse(readFileSync(join(dir, f), 'utf8')), f)),
  };
}

async function fromPackage(): Promise<unknown[] | null> {
  let mod: { buildDashboards?: Builder };
  try {
    mod = (await import('@semantest/dashboards' as string)) as { buildDashboards?: Builder };
  } catch {
    return null; // package not built yet: fall back to the JSON files
  }
  if (typeof mod.buildDashboards !== 'function') return null;
  const out = await mod.buildDashboards({ datasourceUid: DATASOURCE.uid });
  const list = Array.isArray(out) ? out : Object.values(out as Record<string, unknown>);
  // Accept either bare models or { dashboard } wrappers.
  return list.map((d) => ((d as { dashboard?: unknown }).dashboard ?? d));
}

function check(d: unknown, where = 'a dashboard'): DashboardModel {
  const m = d as Partial<DashboardModel>;
  if (!m || typeof m.uid !== 'string' || !m.uid || typeof m.title !== 'string') {
    throw new Error(`${where} has no uid or title; every provisioned dashboard needs a stable uid`);
  }
  return m as DashboardModel;
}
