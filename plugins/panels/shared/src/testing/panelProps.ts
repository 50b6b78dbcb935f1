/** Builds complete PanelProps for rendering a panel component in jsdom tests. */
import {
  EventBusSrv,
  FieldColorModeId,
  LoadingState,
  getDefaultTimeRange,
  toDataFrame,
  type DataFrame,
  type PanelData,
  type PanelProps,
} from '@grafana/data';

export function panelData(series: DataFrame[], state = LoadingState.Done, extra: Partial<PanelData> = {}): PanelData {
  return { series, state, timeRange: getDefaultTimeRange(), ...extra };
}

export function panelProps<T>(options: T, data: PanelData, size = { width: 800, height: 400 }): PanelProps<T> {
  return {
    id: 1,
    data,
    timeRange: data.timeRange,
    timeZone: 'utc',
    options,
    fieldConfig: { defaults: { color: { mode: FieldColorModeId.Thresholds } }, overrides: [] },
    transparent: false,
    width: size.width,
    height: size.height,
    renderCounter: 1,
    title: 'Test panel',
    eventBus: new EventBusSrv(),
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables: (s: string) => s,
    onChangeTimeRange: () => {},
  };
}

export { toDataFrame };
