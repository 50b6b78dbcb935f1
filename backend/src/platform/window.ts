/**
 * Per-tenant accumulators for one sampling interval. Probes add to them as
 * events happen; the sampler drains them once per tick, so every event is
 * counted in exactly one interval (drain swaps the map, nothing is reset twice).
 */
export interface TenantWindow {
  /** Result rows stored by batches that carried this tenant's runs. */
  rowsIngested: number;
  /** Commit time (ms) of each batch that carried this tenant's runs. */
  batchMs: number[];
  queries: number;
  queryErrors: number;
  /** Duration (ms) of each query of this tenant. */
  queryMs: number[];
}

const empty = (): TenantWindow => ({ rowsIngested: 0, batchMs: [], queries: 0, queryErrors: 0, queryMs: [] });

/** Caps the samples kept per tenant and interval; beyond it the oldest are dropped (bounded memory). */
export const MAX_SAMPLES = 10_000;

export class Windows {
  #byTenant = new Map<string, TenantWindow>();

  of(tenantId: string): TenantWindow {
    let w = this.#byTenant.get(tenantId);
    if (!w) this.#byTenant.set(tenantId, (w = empty()));
    return w;
  }

  /** Returns the interval's windows and starts a new interval. */
  drain(): Map<string, TenantWindow> {
    const out = this.#byTenant;
    this.#byTenant = new Map();
    return out;
  }
}

export function pushBounded(samples: number[], v: number): void {
  if (samples.length >= MAX_SAMPLES) samples.shift();
  samples.push(v);
}

/** Nearest-rank percentile (q in (0,1]) of unsorted samples; undefined when there are none. */
export function percentile(samples: readonly number[], q: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
