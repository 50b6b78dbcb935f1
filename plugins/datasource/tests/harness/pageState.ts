/**
 * What the datasource harness page exposes on `window` for the Node side to read (run.mts reads
 * it inside page.evaluate); host.tsx writes it.
 */
import type { RecordedRequest } from './grafanaSrv';

export interface HarnessPageState {
  harnessRequests: RecordedRequest[];
  harnessQuery: unknown;
  harnessData?: { state: string; frames: number; rows: number; errors: string[] };
  /** How many query results the page has drawn (harnessData is the latest). */
  harnessRuns?: number;
  harnessVariableValues?: string[];
  harnessHealth?: { status: string; message: string };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Window extends HarnessPageState {}
}
