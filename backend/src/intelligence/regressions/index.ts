export { detectRegressions, DEFAULT_REGRESSION_CONFIG, type Series, type RegressionConfig, type RegressionFinding, type Direction } from './detect.ts';
export { samplesSql, rowsToSeries, type SamplesQuery, type SampleRow, type Baseline } from './samples-sql.ts';
