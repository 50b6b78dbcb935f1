/**
 * Cumulative wall time per write stage (existence check, journal, each
 * insert), so where a batch's time goes can be read from a running server or
 * a benchmark without a profiler. Counters only grow; readers diff snapshots.
 */
export type WriteStage = 'check' | 'journal' | 'results' | 'perf' | 'runs' | 'commit';

export class StageTimings {
  readonly ms: Record<WriteStage, number> = { check: 0, journal: 0, results: 0, perf: 0, runs: 0, commit: 0 };
  batches = 0;

  /** Runs `fn`, adding its wall time to `stage` whether it resolves or throws. */
  async time<T>(stage: WriteStage, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.ms[stage] += performance.now() - started;
    }
  }

  timeSync<T>(stage: WriteStage, fn: () => T): T {
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.ms[stage] += performance.now() - started;
    }
  }

  snapshot(): { batches: number; ms: Record<WriteStage, number> } {
    return { batches: this.batches, ms: { ...this.ms } };
  }
}
