export { diffResults, DEFAULT_DIFF_CONFIG, type RunDiff, type SideResult, type DiffConfig, type DurationChange } from './diff.ts';
export { diffSidesSql, rowsToSides, type SideSelector, type SideRow } from './sides-sql.ts';
