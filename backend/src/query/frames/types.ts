/** Grafana data-frame JSON as the datasource backend returns it. */
export interface FrameField {
  readonly name: string;
  readonly type: 'time' | 'number' | 'string' | 'boolean';
  readonly config: { readonly unit?: string; readonly displayNameFromDS?: string };
  readonly labels?: Readonly<Record<string, string>>;
}

export interface DataFrameJSON {
  readonly schema: { readonly refId?: string; readonly name?: string; readonly fields: readonly FrameField[] };
  readonly data: { readonly values: readonly (readonly unknown[])[] };
}

/** `numeric_multi` is for alerting: one frame per label set, numbers only (latest bucket). */
export type FrameFormat = 'auto' | 'numeric_multi';
