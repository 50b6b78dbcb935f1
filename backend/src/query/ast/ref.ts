import { node } from './freeze.ts';

/** A reference to a projection alias of the same select (GROUP BY `d0`, ORDER BY `m0`). */
export interface RefNode { readonly kind: 'ref'; readonly name: string }
export const ref = (name: string): RefNode => node({ kind: 'ref', name });
