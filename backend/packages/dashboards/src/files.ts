/**
 * The provisioning files: one `<uid>.json` per dashboard, pretty-printed with a trailing newline,
 * built for the default datasource uid. `generate.ts` writes them; a backend test checks the
 * checked-in copies are byte-identical.
 */
import { fileURLToPath } from 'node:url';
import { buildDashboards } from './build-dashboards.ts';

/** provisioning/dashboards/semantest (see provisioning/dashboards/semantest.yaml). */
export const PROVISIONING_DIR = fileURLToPath(new URL('../../../../provisioning/dashboards/semantest/', import.meta.url));

export function dashboardFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const d of buildDashboards()) {
    if (!d.uid) throw new Error(`dashboard "${d.title}" has no uid`);
    files.set(`${d.uid}.json`, `${JSON.stringify(d, null, 2)}\n`);
  }
  return files;
}
