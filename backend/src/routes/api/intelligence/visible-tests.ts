/**
 * Tests as the caller may see them, for the quarantine routes: which test ids
 * of a project the caller's row policies admit, and their names as the
 * caller sees them (masked when a `name` rule applies). It compiles the
 * lookup through the query compiler (query/test-lookup.ts: masking, row
 * policies, tenant guard) and runs it through the query service, so these
 * routes never read the analytics store with SQL of their own.
 *
 * Invariant: a test the caller's policies do not admit is indistinguishable
 * from a test that does not exist.
 */
import type { FastifyRequest } from 'fastify';
import { compileTestLookup, type CompileContext, type CompiledTestLookup, type TestLookupRequest } from '../../../query/index.ts';
import { compileContext } from '../../../queries/context.ts';
import { toAppError } from '../../../queries/query-errors.ts';
import { requestAccess } from '../../../security/request-access.ts';

export interface VisibleTest { testId: string; name: string }

export interface TestView {
  /** The caller's compile context (tenant, principal, policies, masking). */
  ctx: CompileContext;
  /** Compiled lookup; `appliedPolicies`/`appliedMasks` say whether the caller is restricted at all. */
  compiled: CompiledTestLookup;
  /** Row policies (or deny-by-default) apply: tests without admitted results are invisible. */
  restricted: boolean;
  /** A `name` masking rule applies: names in `run()` are masked. */
  masked: boolean;
  /** Executes the lookup: the admitted tests, with names as the caller sees them. */
  run(): Promise<VisibleTest[]>;
}

export async function testView(request: FastifyRequest, req: TestLookupRequest): Promise<TestView> {
  const ctx = compileContext(await requestAccess(request));
  return viewFor(request, req, ctx);
}

function viewFor(request: FastifyRequest, req: TestLookupRequest, ctx: CompileContext): TestView {
  let compiled: CompiledTestLookup;
  try {
    compiled = compileTestLookup(req, ctx);
  } catch (err) {
    throw toAppError(err);
  }
  const run = async () => {
    try {
      const rows = await request.server.services.queries.execute(compiled);
      return rows.map((r) => ({ testId: String(r.test_id), name: r.test_name === null || r.test_name === undefined ? '' : String(r.test_name) }));
    } catch (err) {
      throw toAppError(err);
    }
  };
  return { ctx, compiled, restricted: compiled.appliedPolicies.length > 0, masked: compiled.appliedMasks.length > 0, run };
}

/**
 * The stored (unmasked) name of a test the caller has already been shown to
 * see, for the metadata record only (quarantine lists and test states show
 * the real name to those allowed to see it). Still compiled with the tenant
 * guard; policies and masking are left out on purpose because the value is
 * never returned to this caller.
 */
export async function storedNameOf(request: FastifyRequest, ctx: CompileContext, project: string, testId: string): Promise<string> {
  const internal: CompileContext = { ...ctx, policies: [], maskingRules: [], tenantSettings: { ...ctx.tenantSettings, denyByDefault: false } };
  const [row] = await viewFor(request, { project, testIds: [testId], limit: 1 }, internal).run();
  return row?.name ?? '';
}
