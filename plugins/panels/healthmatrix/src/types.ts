export interface HealthMatrixOptions {
  /** String field for rows (e.g. suite); first string field when empty. */
  rowField?: string;
  /** String field for columns (e.g. environment); second string field when empty. */
  columnField?: string;
  /** Numeric pass rate (0–1 with unit percentunit, or 0–100 with unit percent); first number field when empty. */
  valueField?: string;
  /** Numeric count of executions behind the rate; second number field when empty. */
  countField?: string;
  /** Dashboard variable set from the row of a clicked cell (without `var-`); empty = none. */
  rowVariable: string;
  /** Dashboard variable set from the column of a clicked cell; empty = none. */
  columnVariable: string;
  showValues: boolean;
  showCounts: boolean;
  minCellWidth: number;
  minCellHeight: number;
}

export const defaultOptions: HealthMatrixOptions = {
  rowVariable: 'suite',
  columnVariable: 'environment',
  showValues: true,
  showCounts: true,
  minCellWidth: 56,
  minCellHeight: 28,
};
