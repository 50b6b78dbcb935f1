export { DEFAULT_MONITOR_CONFIG, resolveMonitorConfig, inScope, type MonitorConfig, type MonitorConfigInput } from './config.ts';
export { evaluateMonitors, evaluateTest, type StateChange, type TestEvaluation, type ChangeReason } from './evaluate.ts';
export { previewMonitor, type MonitorPreview, type PreviewItem } from './preview.ts';
export { historySql, rowsToHistories, type HistoryQuery, type HistoryRow } from './history-sql.ts';
