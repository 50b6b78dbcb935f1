/**
 * Main-thread side of PDF rendering: starts the worker (TypeScript through
 * tsx, as the rest of the backend), feeds it rows on request and writes the
 * bytes it returns to `out`, honouring the destination's backpressure before
 * answering the next pull. The event loop stays free while pdfkit works.
 */
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { RenderResult, ReportDocument } from '../model.ts';
import { RenderError } from '../errors.ts';
import { sectionMeta, type HostMessage, type WorkerMessage } from './protocol.ts';

const BATCH = 1000;

export async function renderPdfInWorker(doc: ReportDocument, out: Writable): Promise<RenderResult> {
  const { sections, ...info } = doc;
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { info, sections: sections.map(sectionMeta) },
  });
  const iterators = sections.map((s) =>
    Symbol.asyncIterator in s.rows
      ? (s.rows as AsyncIterable<unknown[]>)[Symbol.asyncIterator]()
      : (s.rows as Iterable<unknown[]>)[Symbol.iterator]()
  );
  let bytes = 0;
  let chain = Promise.resolve();
  const result = new Promise<RenderResult>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new RenderError('REPORT_RENDER_FAILED', `pdf worker exited with ${code}`)));
    worker.on('message', (m: WorkerMessage) => {
      // Serialize: a pull must not overtake a chunk still waiting for drain.
      chain = chain
        .then(async () => {
          if (m.t === 'chunk') {
            bytes += m.data.byteLength;
            if (!out.write(m.data)) await once(out, 'drain');
          } else if (m.t === 'pull') {
            worker.postMessage(await nextBatch(iterators[m.section]!, m.section));
          } else if (m.t === 'done') {
            resolve({ bytes, rows: m.rows, pages: m.pages });
          } else {
            reject(new RenderError('REPORT_RENDER_FAILED', m.message));
          }
        })
        .catch(reject);
    });
  });
  try {
    const r = await result;
    out.end();
    await finished(out);
    return r;
  } finally {
    await worker.terminate();
    // Charts read a capped prefix, failures stop mid-way: close every source
    // so a database cursor or HTTP stream behind it is released.
    await Promise.allSettled(iterators.map((it) => it.return?.()));
  }
}

async function nextBatch(it: Iterator<unknown[]> | AsyncIterator<unknown[]>, section: number): Promise<HostMessage> {
  const rows: unknown[][] = [];
  while (rows.length < BATCH) {
    const r = await it.next();
    if (r.done) return { t: 'rows', section, rows, done: true };
    rows.push(r.value);
  }
  return { t: 'rows', section, rows, done: false };
}
