/**
 * A field-config registry for applyFieldOverrides. Grafana's app fills @grafana/data's standard
 * registry at boot (with editors we do not have); without one, defaults and overrides of a panel's
 * fieldConfig are silently dropped. Here every standard property and every `custom.*` key passes
 * through unchanged, except thresholds, whose base step is stored as null and means -Infinity.
 */
import { FieldConfigOptionsRegistry, type FieldConfigPropertyItem, type ThresholdsConfig } from '@grafana/data';

const STANDARD = ['unit', 'decimals', 'min', 'max', 'displayName', 'noValue', 'color', 'thresholds', 'mappings', 'links', 'filterable'];

function item(path: string, isCustom: boolean): FieldConfigPropertyItem {
  const process =
    path === 'thresholds'
      ? (v: ThresholdsConfig | undefined) => v && { ...v, steps: v.steps.map((s) => ({ ...s, value: s.value ?? -Infinity })) }
      : (v: unknown) => v;
  return { id: isCustom ? `custom.${path}` : path, name: path, path, isCustom, process, shouldApply: () => true, override: () => null, editor: () => null } as unknown as FieldConfigPropertyItem;
}

export function passThroughRegistry(customKeys: Iterable<string>): FieldConfigOptionsRegistry {
  const custom = [...new Set([...customKeys])];
  return new FieldConfigOptionsRegistry(() => [...STANDARD.map((p) => item(p, false)), ...custom.map((p) => item(p, true))]);
}
