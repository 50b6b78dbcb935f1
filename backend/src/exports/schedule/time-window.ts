/**
 * The moving window of a scheduled export: each tick exports the relative
 * range (e.g. last 24h) ending at the TICK, resolved exactly as reports
 * resolve theirs (relative-range.ts, build-document.ts `withRange`). The tick,
 * not the wall clock: a tick run late after downtime still exports its own
 * window, and two replicas resolving one tick get the same range.
 */
import { resolveRange } from '../../reports/definitions/relative-range.ts';
import { withRange } from '../../reports/scheduler/build-document.ts';
import type { ExportWindow } from './types.ts';

export function windowedQuery(query: Record<string, unknown>, window: ExportWindow, tickAt: Date): Record<string, unknown> {
  const { from, to } = resolveRange(window.last, tickAt);
  const q = withRange(query, from, to);
  // The window's zone buckets time series unless the query names its own.
  return q.timezone === undefined ? { ...q, timezone: window.timezone } : q;
}

/** The window a tick exports, as a delivered message states it. */
export function tickWindow(window: ExportWindow, tickAt: Date): { from: string; to: string; timezone: string } {
  const { from, to } = resolveRange(window.last, tickAt);
  return { from: from.toISOString(), to: to.toISOString(), timezone: window.timezone };
}
