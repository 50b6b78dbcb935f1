import { FieldConfigProperty, FieldType, PanelPlugin, ThresholdsMode } from '@grafana/data';
import { FailureClustersPanel } from './components/FailureClustersPanel';
import { defaultOptions, type FailureClustersOptions } from './types';

const text = { filter: (f: { type: FieldType }) => f.type === FieldType.string };
const num = { filter: (f: { type: FieldType }) => f.type === FieldType.number };
const time = { filter: (f: { type: FieldType }) => f.type === FieldType.time };

export const plugin = new PanelPlugin<FailureClustersOptions>(FailureClustersPanel)
  .useFieldConfig({
    standardOptions: {
      [FieldConfigProperty.Unit]: { defaultValue: 'short' },
      // Applied to the failure count: many failures of one signature read as hotter.
      [FieldConfigProperty.Thresholds]: {
        defaultValue: {
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'yellow' },
            { value: 50, color: 'orange' },
            { value: 250, color: 'red' },
          ],
        },
      },
      [FieldConfigProperty.Color]: { defaultValue: { mode: 'thresholds' } },
    },
  })
  .setPanelOptions((builder) =>
    builder
      .addFieldNamePicker({ path: 'typeField', name: 'Error type', description: 'First level. Defaults to the first text field.', category: ['Fields'], settings: text })
      .addFieldNamePicker({ path: 'messageField', name: 'Signature', description: 'Normalized message, second level. Defaults to the second text field.', category: ['Fields'], settings: text })
      .addFieldNamePicker({ path: 'countField', name: 'Failures', description: 'Tile size. Defaults to the first number field.', category: ['Fields'], settings: num })
      .addFieldNamePicker({ path: 'testsField', name: 'Affected tests', description: 'Defaults to the second number field.', category: ['Fields'], settings: num })
      .addFieldNamePicker({ path: 'firstSeenField', name: 'First seen', description: 'Defaults to the first time field.', category: ['Fields'], settings: time })
      .addFieldNamePicker({ path: 'lastSeenField', name: 'Last seen', description: 'Defaults to the second time field.', category: ['Fields'], settings: time })
      .addRadio({
        path: 'colorBy',
        name: 'Colour by',
        description: 'Failure count uses the field config (thresholds / colour scheme); error type uses one palette colour per type.',
        defaultValue: defaultOptions.colorBy,
        settings: {
          options: [
            { value: 'count', label: 'Failure count' },
            { value: 'type', label: 'Error type' },
          ],
        },
      })
      .addNumberInput({
        path: 'maxTiles',
        name: 'Maximum tiles',
        description: 'Smaller signatures merge into one "Other" tile per error type.',
        defaultValue: defaultOptions.maxTiles,
        settings: { min: 1, max: 5000, integer: true },
      })
      .addTextInput({
        path: 'signatureVariable',
        name: 'Signature variable',
        description: 'Dashboard variable set to the signature when a tile is clicked (name without var-). Empty: none.',
        defaultValue: defaultOptions.signatureVariable,
      })
  );
