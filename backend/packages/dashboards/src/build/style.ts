/** Shared field-config pieces: thresholds, reducers, outcome colours. */
import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { ThresholdsConfigBuilder, ThresholdsMode, type DynamicConfigValue } from '@grafana/grafana-foundation-sdk/dashboard';

/** `[base colour, [value, colour]…]` → absolute thresholds. */
export function thresholds(base: string, ...steps: Array<[number, string]>): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))]);
}

/**
 * Pass rate is a 0–1 ratio (unit percentunit), so the 95 % / 85 % thresholds of the issue are 0.95
 * and 0.85: red below 85 %, orange up to 95 %, green from 95 %.
 */
export const PASS_RATE_THRESHOLDS = (): ThresholdsConfigBuilder => thresholds('red', [0.85, 'orange'], [0.95, 'green']);

/**
 * For counts and durations that have no good or bad level: one neutral colour, so Grafana's
 * default thresholds (red from 80) do not paint "120 tests per minute" as an alarm.
 */
export const NEUTRAL_THRESHOLDS = (): ThresholdsConfigBuilder => thresholds('blue');

export function reduce(calc: string, values = false): ReduceDataOptionsBuilder {
  return new ReduceDataOptionsBuilder().calcs([calc]).values(values).fields('');
}

/** Fixed colours per outcome, matching the runtimeline panel's palette names. */
export const STATUS_COLORS: Readonly<Record<string, string>> = {
  passed: 'green',
  failed: 'red',
  error: 'dark-red',
  skipped: 'text',
};

export function fixedColor(color: string): DynamicConfigValue {
  return { id: 'color', value: { mode: 'fixed', fixedColor: color } };
}
