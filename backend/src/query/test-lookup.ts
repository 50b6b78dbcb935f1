import { call } from './ast/call.ts';
import { column } from './ast/column.ts';
import { compare } from './ast/compare.ts';
import { conjoin } from './ast/logic.ts';
import { param, str } from './ast/param.ts';
import { alias, select } from './ast/select.ts';
import { table } from './ast/table.ts';
import type { CompileContext } from './context.ts';
import { runPipeline, type PipelineResult } from './pipeline.ts';

/** Which tests of one project: by stable ids, or by the name as the caller sees it. */
export type TestLookupRequest =
  | { readonly project: string; readonly testIds: readonly string[]; readonly limit?: number }
  | { readonly project: string; readonly name: string; readonly limit?: number };

export interface CompiledTestLookup extends PipelineResult {
  /** Row columns: `test_id`, `test_name` (the name as the caller sees it: masked when a rule applies). */
  readonly columns: readonly ['test_id', 'test_name'];
}

/**
 * "Which of these tests may this caller see, and under which name?" — for
 * routes that act on one test (quarantine, release) or list tests kept
 * outside the analytics store (the CI quarantine list), so they answer
 * exactly what a panel would: the same passes run (masking, row policies per
 * table reference, tenant guard), the same printer prints.
 *
 * Masking applies to the `name` filter too: a caller under a `name` mask
 * finds a test by the masked name it sees, never by probing raw names. A test
 * with no result the caller's policies admit is not returned: callers treat
 * it like a missing test.
 */
export function compileTestLookup(req: TestLookupRequest, ctx: CompileContext): CompiledTestLookup {
  const which = 'testIds' in req
    ? call('has', [param([...req.testIds], 'Array(String)'), column('test_id')])
    : compare('=', column('name'), str(req.name));
  const s = select({
    projections: [alias(column('test_id'), 'test_id'), alias(call('any', [column('name')]), 'test_name')],
    from: table('test_results'),
    where: conjoin([compare('=', column('project'), str(req.project)), which])!,
    groupBy: [column('test_id')],
    limit: param(Math.max(1, Math.min(req.limit ?? 10_000, 10_000)), 'UInt32'),
  });
  const out = runPipeline(s, ctx, { timezone: 'UTC' }, 'tenant');
  return { ...out, columns: ['test_id', 'test_name'] };
}
