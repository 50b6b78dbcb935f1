/**
 * Worker-thread side of PDF rendering; one worker renders many reports, one
 * at a time (pool.ts). A job starts with `{t: 'job'}`; rows are then pulled
 * from the host one batch at a time (the host answers only when its output
 * has drained, which is the backpressure that bounds memory); PDF bytes go
 * back in ~64 KiB transferred chunks. All per-job state lives in runJob.
 */
import { parentPort } from 'node:worker_threads';
import { renderPdf } from './render.ts';
import type { HostMessage, JobMessage, WorkerMessage } from './protocol.ts';

const port = parentPort!;
let waiting: ((m: HostMessage) => void) | null = null;
port.on('message', (m: HostMessage | JobMessage) => {
  if (m.t === 'job') void runJob(m);
  else waiting?.(m);
});

const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
const CHUNK = 64 * 1024;

async function runJob({ info, sections }: JobMessage): Promise<void> {
  async function* rowsOf(section: number): AsyncGenerator<unknown[]> {
    for (;;) {
      const reply = new Promise<HostMessage>((resolve) => (waiting = resolve));
      post({ t: 'pull', section });
      const m = await reply;
      waiting = null;
      if (m.t !== 'rows' || m.section !== section) throw new Error(`unexpected host message ${m.t}`);
      yield* m.rows;
      if (m.done) return;
    }
  }
  let buf = new Uint8Array(CHUNK);
  let len = 0;
  const flush = (): void => {
    if (len === 0) return;
    const out = buf.slice(0, len);
    post({ t: 'chunk', data: out }, [out.buffer]);
    len = 0;
  };
  const write = (chunk: Uint8Array): void => {
    if (chunk.byteLength >= CHUNK) {
      flush();
      // A real copy: Buffer#slice is a view, and transferring a view's
      // ArrayBuffer would detach Node's shared buffer pool under pdfkit.
      const copy = new Uint8Array(chunk);
      post({ t: 'chunk', data: copy }, [copy.buffer]);
      return;
    }
    if (len + chunk.byteLength > CHUNK) flush();
    buf.set(chunk, len);
    len += chunk.byteLength;
  };
  try {
    const result = await renderPdf({ info, sections, rowsOf, write });
    flush();
    post({ t: 'done', pages: result.pages, rows: result.rows });
  } catch (err) {
    post({ t: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
  buf = new Uint8Array(0);
}
