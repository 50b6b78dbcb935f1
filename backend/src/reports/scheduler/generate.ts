/**
 * One generation of a report under one principal: gather (queries, status
 * counts, failing tests, or a render-cache hit) and materialize (render each
 * format, or copy a cached generation's files under this run's names).
 * The runner uses it for the report itself and for each per-recipient copy.
 */
import { access, copyFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CompileContext } from '../../query/index.ts';
import type { QueryService } from '../../queries/query-service.ts';
import { renderReport } from '../render/index.ts';
import type { ReportDocument } from '../render/model.ts';
import type { StoredReport } from '../definitions/types.ts';
import { buildDocument } from './build-document.ts';
import { headline, statusCounts } from './condition.ts';
import { newFailingTests } from './failing-tests.ts';
import { cacheKey, type CachedRender, type RenderCache } from './render-cache.ts';
import type { RenderedFile } from './report-runner.ts';

export interface Generation {
  doc: ReportDocument;
  rowCounts: number[];
  counts: Map<string, number>;
  /** New failures of the window (failing-tests.ts), display names. */
  failing: string[];
  /** Set on a cache hit: the earlier generation whose files are reused. */
  cached?: CachedRender;
  key?: string;
  files: RenderedFile[];
  prefix?: string;
}

/** CSV/JSON/NDJSON hold one table: section 0 is `<prefix>.<ext>`, section i is `<prefix>-<i>.<ext>`. */
function targets(prefix: string, format: string, sections: number): { path: string; section: number }[] {
  if (format === 'pdf' || format === 'xlsx') return [{ path: `${prefix}.${format}`, section: 0 }];
  return Array.from({ length: sections }, (_, i) => ({
    path: i === 0 ? `${prefix}.${format}` : `${prefix}-${i}.${format}`,
    section: i,
  }));
}

export class Generator {
  constructor(
    private readonly queries: QueryService,
    private readonly cache: RenderCache,
    private readonly dir: string
  ) {}

  async gather(report: StoredReport, tenant: { slug: string; name: string }, ctx: CompileContext): Promise<Generation> {
    const def = report.definition;
    const key = this.cache.enabled ? cacheKey(report, tenant.name, ctx) : undefined;
    const hit = key ? await this.cache.get(key, ctx.now) : null;
    if (hit && key) {
      // The files may be gone (retention sweep, another replica's disk): then it is a miss.
      const present = await Promise.all(hit.files.map((f) => access(join(this.dir, hit.prefix + f.suffix)).then(() => true, () => false)));
      if (present.every(Boolean))
        return { doc: hit.doc, rowCounts: hit.rowCounts, counts: new Map(hit.counts), failing: hit.failing, cached: hit, key, files: [] };
      await this.cache.forget(key);
    }
    const { doc, rowCounts } = await buildDocument(def, tenant, ctx, this.queries);
    const counts = await statusCounts(def, ctx, this.queries);
    doc.summary = { headline: headline(counts), notes: [] };
    const failing = await newFailingTests(def, ctx, this.queries);
    return { doc, rowCounts, counts, failing, ...(key ? { key } : {}), files: [] };
  }

  /** Writes this generation's files as `<prefix>…`; on failure the caller removes `g.files`. */
  async materialize(report: StoredReport, g: Generation, prefix: string): Promise<RenderedFile[]> {
    g.prefix = prefix;
    if (g.cached) {
      for (const f of g.cached.files) {
        const path = join(this.dir, prefix + f.suffix);
        await copyFile(join(this.dir, g.cached.prefix + f.suffix), path);
        g.files.push({ format: f.format, path, bytes: f.bytes });
      }
      return g.files;
    }
    for (const format of report.definition.formats) {
      for (const t of targets(prefix, format, g.doc.sections.length)) {
        const path = join(this.dir, t.path);
        await renderReport(g.doc, format, path, { section: t.section });
        g.files.push({ format, path, bytes: (await stat(path)).size });
      }
    }
    return g.files;
  }

  /** After a successful run: a freshly rendered generation becomes a cache entry. */
  async remember(report: StoredReport, runId: string, g: Generation, now: Date): Promise<void> {
    if (!g.key || g.cached || !g.prefix) return;
    const prefix = g.prefix;
    await this.cache.put(
      g.key,
      report,
      {
        runId,
        prefix,
        doc: { ...g.doc, sections: [], summary: { headline: g.doc.summary?.headline ?? [], notes: [] } },
        rowCounts: g.rowCounts,
        counts: [...g.counts],
        failing: g.failing,
        files: g.files.map((f) => ({ format: f.format, suffix: basename(f.path).slice(prefix.length), bytes: f.bytes })),
      },
      now
    );
  }
}

export const removeFiles = (files: RenderedFile[]) => Promise.all(files.map((f) => rm(f.path, { force: true })));
