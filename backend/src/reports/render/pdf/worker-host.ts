/**
 * Main-thread side of PDF rendering: takes a worker from the pool (pool.ts;
 * TypeScript through tsx, as the rest of the backend), feeds it rows on
 * request and writes the bytes it returns to `out`, honouring the
 * destination's backpressure before answering the next pull. The event loop
 * stays free while pdfkit works. A worker goes back to the pool only after a
 * clean job; after any failure it is terminated.
 */
import { availableParallelism } from 'node:os';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { RenderResult, ReportDocument } from '../model.ts';
import { RenderError } from '../errors.ts';
import { WorkerPool } from './pool.ts';
import { sectionMeta, type HostMessage, type JobMessage, type WorkerMessage } from './protocol.ts';

const BATCH = 1000;

/** Two workers at most: PDF rendering is CPU-bound and shares the machine with queries. */
export const pdfPool = new WorkerPool(new URL('./worker-boot.mjs', import.meta.url), Math.min(2, availableParallelism()));

export async function renderPdfInWorker(doc: ReportDocument, out: Writable): Promise<RenderResult> {
  const { sections, ...info } = doc;
  const iterators = sections.map((s) =>
    Symbol.asyncIterator in s.rows
      ? (s.rows as AsyncIterable<unknown[]>)[Symbol.asyncIterator]()
      : (s.rows as Iterable<unknown[]>)[Symbol.iterator]()
  );
  const worker = await pdfPool.acquire();
  let clean = false;
  let bytes = 0;
  let chain = Promise.resolve();
  let onError: (e: unknown) => void = () => undefined;
  let onExit: (code: number) => void = () => undefined;
  let onMessage: (m: WorkerMessage) => void = () => undefined;
  const result = new Promise<RenderResult>((resolve, reject) => {
    onError = reject;
    onExit = (code) => reject(new RenderError('REPORT_RENDER_FAILED', `pdf worker exited with ${code}`));
    onMessage = (m) => {
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
    };
  });
  worker.on('error', onError);
  worker.on('exit', onExit);
  worker.on('message', onMessage);
  try {
    worker.postMessage({ t: 'job', info, sections: sections.map(sectionMeta) } satisfies JobMessage);
    const r = await result;
    out.end();
    await finished(out);
    clean = true;
    return r;
  } finally {
    worker.off('error', onError);
    worker.off('exit', onExit);
    worker.off('message', onMessage);
    await pdfPool.release(worker, clean);
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
