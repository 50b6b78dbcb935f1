/**
 * The five outcomes a strip shows, normalized from the spellings CI tools and our backend use,
 * and their theme colours. `retried` = passed on retry (failed first, then passed).
 */
import type { GrafanaTheme2 } from '@grafana/data';

export type Outcome = 'passed' | 'failed' | 'retried' | 'skipped' | 'quarantined' | 'unknown';

const ALIASES: Record<string, Outcome> = {
  passed: 'passed',
  pass: 'passed',
  ok: 'passed',
  success: 'passed',
  failed: 'failed',
  fail: 'failed',
  failure: 'failed',
  error: 'failed',
  broken: 'failed',
  passed_on_retry: 'retried',
  'passed on retry': 'retried',
  flaky: 'retried',
  retried: 'retried',
  skipped: 'skipped',
  skip: 'skipped',
  pending: 'skipped',
  ignored: 'skipped',
  quarantined: 'quarantined',
  quarantine: 'quarantined',
};

export function normalizeOutcome(raw: string): Outcome {
  return ALIASES[raw.trim().toLowerCase().replace(/-/g, '_')] ?? 'unknown';
}

export const OUTCOME_LABELS: Record<Outcome, string> = {
  passed: 'Passed',
  failed: 'Failed',
  retried: 'Passed on retry',
  skipped: 'Skipped',
  quarantined: 'Quarantined',
  unknown: 'Unknown',
};

export function outcomeColor(theme: GrafanaTheme2, o: Outcome): string {
  const v = theme.visualization;
  switch (o) {
    case 'passed':
      return v.getColorByName('green');
    case 'failed':
      return v.getColorByName('red');
    case 'retried':
      return v.getColorByName('orange');
    case 'skipped':
      return theme.colors.text.disabled;
    case 'quarantined':
      return v.getColorByName('purple');
    default:
      return theme.colors.background.secondary;
  }
}
