import { FieldConfigProperty, FieldType, PanelPlugin, ThresholdsMode } from '@grafana/data';
import { HealthMatrixPanel } from './components/HealthMatrixPanel';
import { defaultOptions, type HealthMatrixOptions } from './types';

export const plugin = new PanelPlugin<HealthMatrixOptions>(HealthMatrixPanel)
  .useFieldConfig({
    standardOptions: {
      [FieldConfigProperty.Unit]: { defaultValue: 'percentunit' },
      // A default of 0 is dropped by Grafana (registryFactories keeps only truthy standard-option
      // defaults), so min 0 / decimals 0 are not declared here; the panel falls back to them itself.
      [FieldConfigProperty.Max]: { defaultValue: 1 },
      [FieldConfigProperty.Decimals]: { defaultValue: 1 },
      // The success-rate thresholds: red below 85 %, amber below 95 %, green above.
      [FieldConfigProperty.Thresholds]: {
        defaultValue: {
          mode: ThresholdsMode.Absolute,
          steps: [
            { value: -Infinity, color: 'red' },
            { value: 0.85, color: 'orange' },
            { value: 0.95, color: 'green' },
          ],
        },
      },
      [FieldConfigProperty.Color]: { defaultValue: { mode: 'thresholds' } },
    },
  })
  .setPanelOptions((builder) =>
    builder
      .addFieldNamePicker({
        path: 'rowField',
        name: 'Rows',
        description: 'Text field for the rows (e.g. suite). Defaults to the first text field.',
        category: ['Dimensions'],
        settings: { filter: (f) => f.type === FieldType.string },
      })
      .addFieldNamePicker({
        path: 'columnField',
        name: 'Columns',
        description: 'Text field for the columns (e.g. environment). Defaults to the second text field.',
        category: ['Dimensions'],
        settings: { filter: (f) => f.type === FieldType.string },
      })
      .addFieldNamePicker({
        path: 'valueField',
        name: 'Pass rate',
        description: 'Numeric field that colours the cells. Defaults to the first number field.',
        category: ['Dimensions'],
        settings: { filter: (f) => f.type === FieldType.number },
      })
      .addFieldNamePicker({
        path: 'countField',
        name: 'Count',
        description: 'Numeric field with the number of results behind each rate. Defaults to the second number field.',
        category: ['Dimensions'],
        settings: { filter: (f) => f.type === FieldType.number },
      })
      .addTextInput({
        path: 'rowVariable',
        name: 'Row variable',
        description: 'Dashboard variable set from the row when a cell is clicked (name without var-). Empty: none.',
        defaultValue: defaultOptions.rowVariable,
        category: ['Interaction'],
      })
      .addTextInput({
        path: 'columnVariable',
        name: 'Column variable',
        description: 'Dashboard variable set from the column when a cell is clicked. Empty: none.',
        defaultValue: defaultOptions.columnVariable,
        category: ['Interaction'],
      })
      .addBooleanSwitch({ path: 'showValues', name: 'Show values', defaultValue: defaultOptions.showValues, category: ['Cells'] })
      .addBooleanSwitch({ path: 'showCounts', name: 'Show counts', defaultValue: defaultOptions.showCounts, category: ['Cells'] })
      .addNumberInput({
        path: 'minCellWidth',
        name: 'Minimum cell width',
        defaultValue: defaultOptions.minCellWidth,
        settings: { min: 8, max: 400, integer: true },
        category: ['Cells'],
      })
      .addNumberInput({
        path: 'minCellHeight',
        name: 'Minimum cell height',
        defaultValue: defaultOptions.minCellHeight,
        settings: { min: 8, max: 200, integer: true },
        category: ['Cells'],
      })
  );
