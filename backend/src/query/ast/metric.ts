import { node } from './freeze.ts';
import type { MetricFn, NumericField } from '@semantest/query-model';

/**
 * A model metric before lowering. It stays abstract until rollup selection has
 * chosen the source, then passes/lower-metrics.ts turns it into calls for that
 * source; the printer refuses an unlowered metric.
 */
export interface MetricNode {
  readonly kind: 'metric';
  readonly fn: MetricFn;
  readonly field?: NumericField;
}

export const metric = (fn: MetricFn, field?: NumericField): MetricNode =>
  node(field === undefined ? { kind: 'metric', fn } : { kind: 'metric', fn, field });
