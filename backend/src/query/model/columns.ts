/** What the route layer and the frame builder need to know about each output column. */
export interface OutputColumn {
  /** Display name: `time`, a dimension / `label:<key>`, or the metric's output name. */
  readonly name: string;
  /** The SQL alias in the result rows (compiler-generated: `time`, `d0`, `m0`). */
  readonly sqlName: string;
  readonly type: 'time' | 'number' | 'string';
  readonly unit?: string;
  readonly role: 'time' | 'dimension' | 'metric';
}
