/**
 * Compiled queries, reused while nothing they depend on changes. A compile
 * costs ~0.2 ms hot and ~1 ms between engine calls (measured in the query
 * benchmark), a fixed cost on every panel refresh that repeats its query.
 *
 * What a compile depends on, and how the key carries it (invariant: nothing
 * else reaches the compiler, see query/context.ts):
 * - the tenant's security config (policies, masking rules, deny-by-default,
 *   masking and encryption keys): entries live in a WeakMap under the very
 *   TenantSecurity object the request loaded. Any change through the security
 *   service invalidates its cache, the next request loads a new object, and
 *   so it starts with an empty map: a policy change applies to the next query.
 * - tenant id and principal (kind, login, e-mail, role): in the key.
 * - `now`: only policy variables ${current_date} / ${current_month} read it,
 *   so the key holds the UTC date.
 * - the model (refId and time range included): its JSON in the key.
 * Failed compiles are not cached (they are cheap and their errors are per call).
 */
import { compileQuery, type CompileContext, type CompiledQuery } from '../query/index.ts';

/** Per security version; a dashboard has tens of panels, a tenant a few dashboards in use. */
const MAX_ENTRIES = 512;

export class CompileCache {
  readonly #bySecurity = new WeakMap<object, Map<string, CompiledQuery>>();

  /** `security` is the request's TenantSecurity object: its identity is the security version. */
  compile(model: unknown, ctx: CompileContext, security: object): CompiledQuery {
    const { principal } = ctx;
    const key = JSON.stringify([ctx.tenantId, principal.kind, principal.login ?? null, principal.email ?? null, principal.role ?? null, ctx.now.toISOString().slice(0, 10), model]);
    let entries = this.#bySecurity.get(security);
    const hit = entries?.get(key);
    if (hit) {
      // Refresh its position: the map's insertion order is the eviction order.
      entries!.delete(key);
      entries!.set(key, hit);
      return hit;
    }
    const compiled = compileQuery(model, ctx);
    // Shared between requests from now on: nothing may change it.
    Object.freeze(compiled.params);
    Object.freeze(compiled);
    if (!entries) this.#bySecurity.set(security, (entries = new Map()));
    entries.set(key, compiled);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    return compiled;
  }
}
