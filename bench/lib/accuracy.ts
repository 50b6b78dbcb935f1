/** Precision / recall bookkeeping for the accuracy benchmarks. */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
}

export function confusion<T>(predicted: Iterable<T>, actual: Iterable<T>): Confusion {
  const p = new Set(predicted);
  const a = new Set(actual);
  let tp = 0;
  for (const x of p) if (a.has(x)) tp++;
  return { tp, fp: p.size - tp, fn: a.size - tp };
}

/** Precision is 1 when nothing was predicted (no false alarm was raised). */
export function precision(c: Confusion): number {
  return c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
}

/** Recall is 1 when there was nothing to find. */
export function recall(c: Confusion): number {
  return c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
}
