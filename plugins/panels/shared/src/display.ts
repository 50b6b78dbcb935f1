/**
 * Value → text and colour through Grafana's own display processor, so units, decimals,
 * thresholds, value mappings and colour schemes set in the field config behave exactly as in
 * core panels, in both themes.
 */
import {
  FieldType,
  formattedValueToString,
  getDisplayProcessor,
  type Field,
  type FieldConfig,
  type GrafanaTheme2,
} from '@grafana/data';

export interface Display {
  text: string;
  color: string;
}

export type DisplayFn = (value: number | null | undefined) => Display;

export function displayFor(field: Field, theme: GrafanaTheme2): DisplayFn {
  const process = getDisplayProcessor({ field, theme });
  return (value) => {
    if (value === null || value === undefined || Number.isNaN(value)) {
      return { text: '–', color: theme.colors.background.secondary };
    }
    const shown = process(value);
    return { text: formattedValueToString(shown), color: shown.color ?? theme.colors.text.primary };
  };
}

/** Config with `fallbacks` for settings the user left unset (undefined never overrides a fallback). */
export function withFallbacks(config: FieldConfig, fallbacks: Partial<FieldConfig>): FieldConfig {
  const out: FieldConfig = { ...fallbacks };
  for (const [k, v] of Object.entries(config)) {
    if (v !== undefined) {
      (out as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

/** A numeric field for a value the panel computes itself (e.g. flakiness), using panel-level config. */
export function derivedField(name: string, config: FieldConfig): Field {
  return { name, type: FieldType.number, config, values: [] };
}
