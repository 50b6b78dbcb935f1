/**
 * What the state mirror adds to the metadata store's state rows, read from
 * test_results: the test's latest suite and owner, its failure rate and
 * pass/fail flips over the final attempts of the last `days` days.
 * One table reference, guarded by tenant_id right after FROM.
 */
import { chTime, type BoundSql } from '../sql.ts';

export interface EnrichRow { test_id: string; suite: string; owner: string; failure_rate: number; flips: number | string }

export function enrichSql(tenant: string, project: string, testIds: readonly string[], now: number, days = 14): BoundSql {
  return {
    sql: `SELECT
    test_id,
    argMax(suite, started_at) AS suite,
    toString(argMax(owner, started_at)) AS owner,
    countIf(status IN ('failed', 'error')) / count() AS failure_rate,
    -- final outcomes in time order (failing = 1): flips are changes between neighbours
    arrayMap(x -> x.2, arraySort(groupArray((started_at, toUInt8(status IN ('failed', 'error')))))) AS seq,
    arrayCount((a, b) -> a != b, arrayPopFront(seq), arrayPopBack(seq)) AS flips
FROM test_results
WHERE tenant_id = {tenant:String}
  AND project = {project:String}
  AND started_at >= {from:DateTime64(3, 'UTC')}
  AND is_final = 1
  AND status != 'skipped'
  AND has({ids:Array(String)}, test_id)
GROUP BY test_id`,
    params: { tenant, project, from: chTime(now - days * 86_400_000), ids: [...testIds] },
  };
}
