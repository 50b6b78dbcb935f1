/**
 * A field-config registry for applyFieldOverrides. Grafana's app fills @grafana/data's standard
 * registry at boot (with editors we do not have); without one, defaults and overrides of a panel's
 * fieldConfig are silently dropped. Here every standard property and every `custom.*` key passes
 * through unchanged, except thresholds, whose base step is stored as null and means -Infinity, and
 * Grafana's defaults for thresholds and colour when a panel sets none.
 */
import { FieldConfigOptionsRegistry, type FieldConfigPropertyItem, type ThresholdsConfig } from '@grafana/data';

const STANDARD = ['unit', 'decimals', 'min', 'max', 'displayName', 'noValue', 'color', 'thresholds', 'mappings', 'links', 'filterable'];

/** Grafana's defaults where a panel sets none (its standard registry's default values). */
const DEFAULTS: Record<string, unknown> = {
  thresholds: { mode: 'absolute', steps: [{ value: -Infinity, color: 'green' }, { value: 80, color: 'red' }] },
  color: { mode: 'thresholds' },
};

function item(path: string, isCustom: boolean): FieldConfigPropertyItem {
  const fallback = isCustom ? undefined : DEFAULTS[path];
  const process =
    path === 'thresholds'
      ? (v: ThresholdsConfig | undefined) => {
          const t = v ?? (fallback as ThresholdsConfig);
          return { ...t, steps: t.steps.map((s) => ({ ...s, value: s.value ?? -Infinity })) };
        }
      : (v: unknown) => v ?? fallback;
  return { id: isCustom ? `custom.${path}` : path, name: path, path, isCustom, process, shouldApply: () => true, override: () => null, editor: () => null } as unknown as FieldConfigPropertyItem;
}

export function passThroughRegistry(customKeys: Iterable<string>): FieldConfigOptionsRegistry {
  const custom = [...new Set([...customKeys])];
  return new FieldConfigOptionsRegistry(() => [...STANDARD.map((p) => item(p, false)), ...custom.map((p) => item(p, true))]);
}
