import { Type, type Static } from 'typebox';

/** Epoch milliseconds, or an ISO-8601 date/time string (checked with Date.parse). */
export const TimeValue = Type.Union([
  Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 }),
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\\d{2}:?\\d{2})?)?$', maxLength: 40 }),
]);

export type TimeValueT = Static<typeof TimeValue>;

/** Normalises a validated time value to epoch milliseconds. */
export function toEpochMs(v: TimeValueT): number {
  return typeof v === 'number' ? v : Date.parse(v);
}
