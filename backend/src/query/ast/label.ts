import { node } from './freeze.ts';

/** `labels[key]`: the key is printed as a bound parameter, never as text. */
export interface LabelNode {
  readonly kind: 'label';
  readonly key: string;
  /** Table alias when the select has several sources (joins). */
  readonly table?: string;
}

export const label = (key: string, table?: string): LabelNode =>
  node(table === undefined ? { kind: 'label', key } : { kind: 'label', key, table });
