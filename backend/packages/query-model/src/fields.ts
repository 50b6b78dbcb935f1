import { Type } from 'typebox';

/** Fixed dimensions of the model. Datasets pick a subset of them in the catalog. */
export const DIMENSIONS = [
  'project', 'suite', 'test', 'file', 'environment', 'browser', 'os', 'branch', 'status',
  'error_type', 'owner', 'metric',
  // free-text fields of the errors dataset; these are the ones masking rules target
  'error_message', 'error_stack', 'error_signature', 'stdout', 'stderr',
  // audit dataset
  'actor', 'actor_kind', 'action', 'resource', 'outcome', 'risk',
  // test intelligence: whether a result's test was quarantined when it ran (results, errors),
  // a test's state (test_states), a regression's level and verdict (regressions)
  // and what changed for a test between two sides (run_diff)
  'quarantined', 'state', 'level', 'verdict', 'change',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const LABEL_PREFIX = 'label:';

/**
 * A field reference: a dimension name or `label:<key>`. The pattern is strict on
 * purpose (label keys: letters, digits, `_ . - /`): hostile strings are refused at
 * validation, and the compiler still binds label keys as parameters.
 */
export const FIELD_REF_PATTERN = '^(?:[a-z][a-z0-9_]{0,39}|label:[A-Za-z0-9_./-]{1,100})$';
export const FieldRef = Type.String({ pattern: FIELD_REF_PATTERN, maxLength: 106 });

export function isLabelRef(ref: string): boolean {
  return ref.startsWith(LABEL_PREFIX);
}

export function labelKeyOf(ref: string): string {
  return ref.slice(LABEL_PREFIX.length);
}

export function isDimension(ref: string): ref is Dimension {
  return (DIMENSIONS as readonly string[]).includes(ref);
}
