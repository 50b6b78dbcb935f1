/**
 * What a reader sees of a report run. A run's row counts and its "send only
 * if" reason (e.g. a pass rate) were computed under
 * the REPORT's principal, which may see more rows than the reader. A reader
 * whom row policies (or masks) restrict would learn counts about rows they
 * cannot read, so for them these fields are withheld (null) and the run says
 * `countsHidden: true`. The compiler decides who is restricted
 * (security/raw-read-guard.ts restrictionsOf), on the datasets reports read.
 */
import type { ReportRun } from '../../../reports/scheduler/run-store.ts';
import { restrictionsOf } from '../../../security/raw-read-guard.ts';
import type { RequestAccess } from '../../../security/request-access.ts';

export type RunView = ReportRun & { countsHidden?: true };

/** Probes for "would the compiler restrict this caller": results and runs, the fields a report groups by. */
const PROBES = [
  { dataset: 'results', fields: ['project', 'suite', 'test', 'status'] },
  { dataset: 'runs', fields: ['project', 'branch'] },
] as const;

export function countsVisibleTo(access: RequestAccess): boolean {
  return PROBES.every((p) => restrictionsOf(access, p).length === 0);
}

/** The run as this reader may see it (`visible` from countsVisibleTo, computed once per request). */
export function runView(run: ReportRun, visible: boolean): RunView {
  if (visible) return run;
  // A skipped run's reason is the condition's verdict on the data (counts, a pass rate): withheld too.
  return { ...run, rows: null, rowCounts: null, reason: run.status === 'skipped' ? null : run.reason, countsHidden: true };
}
