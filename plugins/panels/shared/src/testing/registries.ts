/**
 * Grafana's app fills the option-editor registries at boot (its own code, not part of the npm
 * packages). The harness registers just enough for a panel's setPanelOptions / useFieldConfig to
 * build: editor ids with no UI, and the standard field options the panels use, each with the
 * override processor @grafana/data exports, so defaults and thresholds apply as in Grafana.
 */
import {
  FieldColorModeId,
  FieldType,
  ThresholdsMode,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
  type FieldConfigPropertyItem,
} from '@grafana/data';

const NoEditor = () => null;

const EDITOR_IDS = ['text', 'number', 'boolean', 'radio', 'select', 'multi-select', 'field-name', 'color', 'unit', 'thresholds', 'fieldColor', 'slider', 'mappings', 'links', 'stats-picker', 'timezone'];

function field(id: string, process: FieldConfigPropertyItem['process'], defaultValue?: unknown, numeric = false): FieldConfigPropertyItem {
  return {
    id,
    path: id,
    name: id,
    editor: NoEditor,
    override: NoEditor,
    process,
    defaultValue,
    shouldApply: (f) => !numeric || f.type === FieldType.number,
  } as FieldConfigPropertyItem;
}

export function registerStandardEditors() {
  standardEditorsRegistry.setInit(() => EDITOR_IDS.map((id) => ({ id, name: id, editor: NoEditor })));
  standardFieldConfigEditorRegistry.setInit(() => [
    field('unit', stringOverrideProcessor),
    field('min', numberOverrideProcessor, undefined, true),
    field('max', numberOverrideProcessor, undefined, true),
    field('decimals', numberOverrideProcessor, undefined, true),
    field('displayName', stringOverrideProcessor),
    field('noValue', stringOverrideProcessor),
    field('mappings', valueMappingsOverrideProcessor, []),
    field('thresholds', thresholdsOverrideProcessor, {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    }),
    field('color', identityOverrideProcessor, { mode: FieldColorModeId.Thresholds }),
  ]);
}
