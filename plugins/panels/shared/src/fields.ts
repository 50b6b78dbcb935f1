/**
 * Field lookup for panels whose options name fields: an explicit name wins; otherwise the
 * n-th field of the wanted type (skipping fields already claimed), as core panels do.
 */
import type { DataFrame, Field, FieldType } from '@grafana/data';

export function pickField(
  frame: DataFrame | undefined,
  name: string | undefined,
  types: FieldType[],
  skip: Array<Field | undefined> = []
): Field | undefined {
  if (!frame) {
    return undefined;
  }
  if (name) {
    return frame.fields.find((f) => f.name === name || f.config.displayName === name);
  }
  return frame.fields.find((f) => types.includes(f.type) && !skip.includes(f));
}

export function stringAt(field: Field | undefined, i: number): string {
  const v: unknown = field?.values[i];
  return v === null || v === undefined ? '' : String(v);
}

export function numberAt(field: Field | undefined, i: number): number | undefined {
  const v: unknown = field?.values[i];
  if (v === null || v === undefined || v === '') {
    return undefined;
  }
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
