/**
 * Dashboard template variables resolved the way Grafana does on load: each `query` variable of the
 * Semantest datasource runs through the datasource's own variable support (→ values resource →
 * plugin → backend); a current value of `$__all` (includeAll, no custom allValue) stands for every
 * listed value. The result feeds the page's TemplateSrv.
 */
import { lastValueFrom } from 'rxjs';
import { dateTime, type DataQueryRequest } from '@grafana/data';

export interface DashboardVariable {
  name: string;
  type: string;
  query?: Record<string, unknown>;
  current?: { value?: string | string[] };
  includeAll?: boolean;
  allValue?: string | null;
}

export async function resolveVariables(ds: any, vars: DashboardVariable[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const v of vars) {
    if (v.type !== 'query' || !v.query) {
      continue;
    }
    const to = dateTime();
    const request = {
      requestId: `var-${v.name}`, interval: '1m', intervalMs: 60_000, range: { from: dateTime(to.valueOf() - 3_600_000), to, raw: { from: 'now-1h', to: 'now' } },
      scopedVars: {}, targets: [{ refId: v.name, ...v.query }], timezone: 'browser', app: 'dashboard', startTime: Date.now(),
    } as unknown as DataQueryRequest<any>;
    const res = await lastValueFrom(ds.variables.query(request));
    const options = ((res as any).data[0]?.fields[0]?.values ?? []) as string[];
    const current = v.current?.value;
    const selected = current === undefined ? [] : Array.isArray(current) ? current : [current];
    out[v.name] = selected.includes('$__all') ? (v.allValue ? [v.allValue] : options) : selected;
  }
  return out;
}
