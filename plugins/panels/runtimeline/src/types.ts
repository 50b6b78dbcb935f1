export type SortBy = 'flakiness' | 'owner' | 'name' | 'failures';

export interface RunTimelineOptions {
  /** Text field with the test name/id; a field named like "test" or "name", else the first text field. */
  testField?: string;
  /** Text field with the outcome; a field named like "status" or "outcome". */
  statusField?: string;
  /** Time of the run; the first time field. Without one, frame order is run order. */
  timeField?: string;
  /** Text field with the owner (team or CODEOWNERS entry); a field named like "owner". */
  ownerField?: string;
  /** Text field with the run id, shown in tooltips; a field named like "run". */
  runField?: string;
  /** Most recent outcomes kept per test. */
  maxRuns: number;
  sortBy: SortBy;
  showOwner: boolean;
  /** Dashboard variable set to the test when a strip cell is activated (without `var-`); empty = none. */
  testVariable: string;
}

export const defaultOptions: RunTimelineOptions = {
  maxRuns: 30,
  sortBy: 'flakiness',
  showOwner: true,
  testVariable: '',
};
