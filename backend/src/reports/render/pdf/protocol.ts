/** Messages between the PDF worker and its host (worker-host.ts). */
import type { Column, Section, Threshold, Visualization } from '../model.ts';
import type { CoverInfo } from './cover.ts';

/** A section without its rows: what the worker receives up front. */
export interface SectionMeta {
  title: string;
  visualization: Visualization;
  thresholds?: Threshold[];
  columns: Column[];
}

export function sectionMeta(s: Section): SectionMeta {
  return { title: s.title, visualization: s.visualization, thresholds: s.thresholds, columns: s.columns };
}
export type WorkerMessage =
  | { t: 'pull'; section: number }
  | { t: 'chunk'; data: Uint8Array }
  | { t: 'done'; pages: number; rows: number }
  | { t: 'error'; message: string };

export type HostMessage = { t: 'rows'; section: number; rows: unknown[][]; done: boolean };

/** Starts one render in a (possibly reused) worker. */
export type JobMessage = { t: 'job'; info: CoverInfo; sections: SectionMeta[] };
