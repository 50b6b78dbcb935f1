import { FieldConfigProperty, FieldType, PanelPlugin, ThresholdsMode } from '@grafana/data';
import { RunTimelinePanel } from './components/RunTimelinePanel';
import { defaultOptions, type RunTimelineOptions } from './types';

const text = { filter: (f: { type: FieldType }) => f.type === FieldType.string };

export const plugin = new PanelPlugin<RunTimelineOptions>(RunTimelinePanel)
  .useFieldConfig({
    // These apply to the flakiness score the panel computes per test.
    standardOptions: {
      [FieldConfigProperty.Unit]: { defaultValue: 'percentunit' },
      // A default of 0 is dropped by Grafana (registryFactories keeps only truthy standard-option
      // defaults), so min 0 / decimals 0 are not declared here; the panel falls back to them itself.
      [FieldConfigProperty.Max]: { defaultValue: 1 },
      [FieldConfigProperty.Thresholds]: {
        defaultValue: {
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'green' },
            { value: 0.1, color: 'orange' },
            { value: 0.3, color: 'red' },
          ],
        },
      },
      [FieldConfigProperty.Color]: { defaultValue: { mode: 'thresholds' } },
    },
  })
  .setPanelOptions((builder) =>
    builder
      .addFieldNamePicker({ path: 'testField', name: 'Test', description: 'Defaults to a text field named like "test" or "name".', category: ['Fields'], settings: text })
      .addFieldNamePicker({ path: 'statusField', name: 'Status', description: 'Defaults to a text field named like "status" or "outcome".', category: ['Fields'], settings: text })
      .addFieldNamePicker({
        path: 'timeField',
        name: 'Time',
        description: 'Defaults to the first time field; without one, row order is run order.',
        category: ['Fields'],
        settings: { filter: (f) => f.type === FieldType.time },
      })
      .addFieldNamePicker({ path: 'ownerField', name: 'Owner', description: 'Defaults to a text field named like "owner" or "team".', category: ['Fields'], settings: text })
      .addFieldNamePicker({ path: 'runField', name: 'Run id', description: 'Shown in tooltips. Defaults to a text field named like "run".', category: ['Fields'], settings: text })
      .addNumberInput({
        path: 'maxRuns',
        name: 'Recent runs per test',
        defaultValue: defaultOptions.maxRuns,
        settings: { min: 2, max: 200, integer: true },
      })
      .addRadio({
        path: 'sortBy',
        name: 'Sort by',
        defaultValue: defaultOptions.sortBy,
        settings: {
          options: [
            { value: 'flakiness', label: 'Flakiness' },
            { value: 'failures', label: 'Failures' },
            { value: 'owner', label: 'Owner' },
            { value: 'name', label: 'Name' },
          ],
        },
      })
      .addBooleanSwitch({ path: 'showOwner', name: 'Show owner', defaultValue: defaultOptions.showOwner })
      .addTextInput({
        path: 'testVariable',
        name: 'Test variable',
        description: 'Dashboard variable set to the test when an outcome is clicked (name without var-). Empty: none.',
        defaultValue: defaultOptions.testVariable,
      })
  );
