/**
 * `renderReport(doc, format, out)`: the one entry point the scheduler and
 * export jobs call. `out` is a path (created/truncated) or a Writable, which
 * is ended when rendering finishes. On failure a Writable is destroyed and a
 * path is deleted, so no partial report survives. CSV/JSON/NDJSON hold one
 * table, so they render `opts.section` (default 0); PDF and XLSX render every
 * section.
 * PDF runs in a worker thread (pdf/worker-host.ts) so a 100k-row table never
 * blocks the event loop. XLSX loads exceljs on first use: a process that never
 * renders a workbook (an export job, an ingest node) does not keep ~18 MB of
 * its modules resident.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Format, RenderResult, ReportDocument } from './model.ts';
import { Sink } from './sink.ts';
import { writeCsv } from './csv.ts';
import { writeJson, writeNdjson } from './json.ts';
import { renderPdfInWorker } from './pdf/worker-host.ts';
import { RenderError } from './errors.ts';

export interface RenderOptions {
  /** Which section CSV/JSON/NDJSON write (they hold a single table). */
  section?: number;
}

export async function renderReport(
  doc: ReportDocument,
  format: Format,
  out: Writable | string,
  opts: RenderOptions = {}
): Promise<RenderResult> {
  const stream = typeof out === 'string' ? createWriteStream(out) : out;
  try {
    switch (format) {
      case 'pdf':
        return await renderPdfInWorker(doc, stream);
      case 'xlsx':
        return await (await import('./xlsx.ts')).renderXlsx(doc, stream);
      case 'csv':
      case 'json':
      case 'ndjson':
        return await renderTable(doc, format, stream, opts.section ?? 0);
      default:
        throw new RenderError('REPORT_FORMAT_UNSUPPORTED', `format ${String(format)} is not rendered here`);
    }
  } catch (err) {
    stream.destroy();
    // A file we created is removed: a half-written report must never be delivered.
    if (typeof out === 'string') {
      await finished(stream).catch(() => undefined);
      await rm(out, { force: true });
    }
    throw err;
  }
}

async function renderTable(
  doc: ReportDocument,
  format: 'csv' | 'json' | 'ndjson',
  out: Writable,
  index: number
): Promise<RenderResult> {
  const section = doc.sections[index];
  if (!section) throw new RenderError('REPORT_SECTION_MISSING', `report has no section ${index}`);
  const sink = new Sink(out);
  const rows =
    format === 'csv'
      ? await writeCsv(section.columns, section.rows, sink, doc.timeRange.timezone)
      : format === 'json'
        ? await writeJson(section.columns, section.rows, sink)
        : await writeNdjson(section.columns, section.rows, sink);
  out.end();
  await finished(out);
  return { bytes: sink.bytes, rows };
}

export type { Format, RenderResult, ReportDocument } from './model.ts';
export { buildSummary } from './summary.ts';
