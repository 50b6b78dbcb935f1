/**
 * Compile-time contract: the app's API types (src/api/types.ts) are exactly the types the
 * backend derives for the same answers. Checked by `npm run typecheck -w plugins/app`
 * (tests/contract/tsconfig.json); never bundled and never run. It lives apart from the
 * plugin's own program because it pulls in backend sources that other teams edit: a half-done
 * backend change must not break the plugin's webpack build, only this check.
 */
import type { publicView } from '../../../../backend/src/exports/types.ts';
import type { publicSchedule } from '../../../../backend/src/exports/schedule/types.ts';
import type { publicReport } from '../../../../backend/src/routes/api/reports/access.ts';
import type { ReportRun as BackendRun } from '../../../../backend/src/reports/scheduler/run-store.ts';
import type { CatalogDataset as BackendDataset } from '../../../../backend/packages/query-model/src/catalog/types.ts';
import type { Filter as ModelFilter } from '../../../../backend/packages/query-model/src/index.ts';
import type {
  Catalog,
  CatalogDataset,
  ExportJob,
  ExportSchedule,
  Filter,
  Report,
  ReportRun,
} from '../../src/api/types.ts';

/**
 * What the backend sends (B) fits what the app reads (A), and both name the same fields, so a
 * field added, renamed or retyped on either side fails here. (The app may read wider types,
 * e.g. a metric `fn` as string.)
 */
type Same<A, B> = [B] extends [A]
  ? [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
    ? true
    : false
  : false;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>(): T => true as T;

assert<Same<ExportJob, ReturnType<typeof publicView>>>();
assert<Same<Report, ReturnType<typeof publicReport>>>();
assert<Same<ReportRun, BackendRun>>();
assert<Same<ExportSchedule, ReturnType<typeof publicSchedule>>>();
assert<Same<ExportSchedule['request'], ReturnType<typeof publicSchedule>['request']>>();
assert<Same<Omit<CatalogDataset, 'queryable'>, BackendDataset>>();
assert<Same<Filter, ModelFilter>>();
assert<Equals<Catalog['datasets'][number]['queryable'], boolean>>();
