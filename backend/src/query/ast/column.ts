import { node } from './freeze.ts';

/** A physical column. Only the resolver creates these, from the source allowlist. */
export interface ColumnNode {
  readonly kind: 'column';
  readonly name: string;
  /** Table alias when the select has several sources (joins). */
  readonly table?: string;
}

export const column = (name: string, table?: string): ColumnNode =>
  node(table === undefined ? { kind: 'column', name } : { kind: 'column', name, table });
