/**
 * What ingestion needs from test intelligence, answered synchronously from
 * memory: a tenant's compiled signature rules and a project's owner
 * resolver. The ingest hot path (ingest/rows.ts) is synchronous and must
 * stay cheap, so it never waits on the metadata store: the cache is filled
 * at startup, replaced on every rule write in this process, and refreshed
 * periodically for writes made by other replicas.
 *
 * One registry per process: rows.ts has no service handle. Keys are tenant
 * ids, which are unique, so several apps in one process cannot mix.
 */
import type { CompiledRule } from '../signature/rules.ts';
import type { OwnerResolver } from '../owners/codeowners.ts';

const MEMO_LIMIT = 10_000;

interface CachedResolver {
  resolver: OwnerResolver;
  /** file → owners; tests repeat their files in every run. */
  memo: Map<string, string>;
}

export class IngestEnrichment {
  private readonly signatures = new Map<string, readonly CompiledRule[]>();
  /** tenant → project → resolver: nested, so the per-result lookup builds no key string. */
  private readonly owners = new Map<string, Map<string, CachedResolver>>();

  setSignatureRules(tenant: string, rules: readonly CompiledRule[]): void {
    if (rules.length === 0) this.signatures.delete(tenant);
    else this.signatures.set(tenant, rules);
  }

  signatureRules(tenant: string): readonly CompiledRule[] | undefined {
    return this.signatures.get(tenant);
  }

  setOwnerResolver(tenant: string, project: string, resolver: OwnerResolver | null): void {
    let projects = this.owners.get(tenant);
    if (resolver) {
      if (!projects) this.owners.set(tenant, (projects = new Map()));
      projects.set(project, { resolver, memo: new Map() });
    } else {
      projects?.delete(project);
      if (projects?.size === 0) this.owners.delete(tenant);
    }
  }

  /** Owners of a test file as one space-separated string ('' when unowned or unconfigured). */
  owner(tenant: string, project: string, file: string): string {
    if (!file) return '';
    const cached = this.owners.get(tenant)?.get(project);
    if (!cached) return '';
    let hit = cached.memo.get(file);
    if (hit === undefined) {
      hit = cached.resolver.resolveOwner(file).join(' ');
      if (cached.memo.size >= MEMO_LIMIT) cached.memo.clear();
      cached.memo.set(file, hit);
    }
    return hit;
  }
}

export const ingestEnrichment = new IngestEnrichment();
