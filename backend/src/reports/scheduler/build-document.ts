/**
 * Runs a definition's queries through the query compiler and service (so row
 * policies and masking apply exactly as on the query API) and shapes the
 * results into the renderers' ReportDocument. Each query's time range is the
 * report's relative range, resolved at `now`.
 */
import { compileQuery, type CompileContext, type CompiledQuery } from '../../query/index.ts';
import type { QueryService } from '../../queries/query-service.ts';
import type { Column, ReportDocument, Section, Unit } from '../render/model.ts';
import { resolveRange } from '../definitions/relative-range.ts';
import type { ReportDefinition } from '../definitions/types.ts';

const UNITS = new Set<string>([
  'none',
  'short',
  'percent',
  'percentunit',
  'bytes',
  'ns',
  'µs',
  'ms',
  's',
  'm',
  'h',
  'd',
]);

export function withRange(query: Record<string, unknown>, from: Date, to: Date): Record<string, unknown> {
  return { ...query, timeRange: { from: from.toISOString(), to: to.toISOString() } };
}

function columns(compiled: CompiledQuery): Column[] {
  return compiled.columns.map((c) => ({
    name: c.name,
    type: c.type,
    role: c.role,
    ...(c.unit && UNITS.has(c.unit) ? { unit: c.unit as Unit } : {}),
  }));
}

export async function buildDocument(
  def: ReportDefinition,
  tenant: { slug: string; name: string },
  ctx: CompileContext,
  queries: QueryService
): Promise<{ doc: ReportDocument; rowCounts: number[] }> {
  const range = resolveRange(def.timeRange.last, ctx.now);
  const sections: Section[] = [];
  const rowCounts: number[] = [];
  for (const q of def.queries) {
    const compiled = compileQuery(withRange(q.query, range.from, range.to), ctx);
    const rows = await queries.execute(compiled);
    const cols = compiled.columns;
    // Materialized: every format of this run renders the same rows again.
    const table = rows.map((r) => cols.map((c) => r[c.sqlName] ?? null));
    rowCounts.push(table.length);
    sections.push({
      title: q.title,
      visualization: q.visualization,
      ...(q.thresholds ? { thresholds: q.thresholds } : {}),
      columns: columns(compiled),
      rows: table,
    });
  }
  const doc: ReportDocument = {
    title: def.name,
    ...(def.description ? { description: def.description } : {}),
    tenant,
    timeRange: { ...range, timezone: def.timeRange.timezone },
    filters: [],
    generatedAt: ctx.now,
    sections,
  };
  return { doc, rowCounts };
}
