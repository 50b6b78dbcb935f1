export type ColorBy = 'count' | 'type';

export interface FailureClustersOptions {
  /** Text field with the error type (first level); first text field when empty. */
  typeField?: string;
  /** Text field with the normalized message / signature (second level); second text field when empty. */
  messageField?: string;
  /** Number of failures; first number field when empty. */
  countField?: string;
  /** Number of distinct affected tests; second number field when empty. */
  testsField?: string;
  /** First / last time the signature was seen; first / second time field when empty. */
  firstSeenField?: string;
  lastSeenField?: string;
  /** `count`: field-config thresholds / colour scheme of the count field; `type`: one palette colour per error type. */
  colorBy: ColorBy;
  /** Largest number of signature tiles; smaller signatures merge into one "Other" tile per type. */
  maxTiles: number;
  /** Dashboard variable set to the signature when a tile is activated (without `var-`); empty = none. */
  signatureVariable: string;
}

export const defaultOptions: FailureClustersOptions = {
  colorBy: 'count',
  maxTiles: 300,
  signatureVariable: '',
};
