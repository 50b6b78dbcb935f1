/** Annotation rows (compiler aliases) → Grafana annotation events. */
export interface Annotation {
  time: number;
  timeEnd?: number;
  title: string;
  text: string;
  tags: string[];
}

const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function toAnnotations(kind: 'failed_runs' | 'new_failures', rows: readonly Record<string, unknown>[]): Annotation[] {
  if (kind === 'failed_runs') {
    return rows.map((r) => ({
      time: Number(r.time),
      ...(r.time_end !== null && r.time_end !== undefined && Number(r.time_end) > 0 ? { timeEnd: Number(r.time_end) } : {}),
      title: `${s(r.title)}: ${s(r.failed)} failed, ${s(r.errors)} errors`,
      text: `run ${s(r.run_id)} on ${s(r.branch) || 'unknown branch'}${r.environment ? ` (${s(r.environment)})` : ''}`,
      tags: [s(r.title), s(r.branch), s(r.environment)].filter((t) => t !== ''),
    }));
  }
  return rows.map((r) => ({
    time: Number(r.time),
    title: `New failure: ${s(r.title)}`,
    text: `${s(r.failures)} failure(s) in ${s(r.project)}`,
    tags: [s(r.project), 'new_failure'].filter((t) => t !== ''),
  }));
}
