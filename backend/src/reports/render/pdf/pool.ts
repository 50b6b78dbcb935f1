/**
 * A small pool of PDF worker threads. Booting a worker (a fresh V8 isolate
 * plus tsx and pdfkit) costs far more than a small render, so workers are
 * reused. Safety rule: only a worker whose job ended cleanly ('done' and the
 * output finished) goes back to the pool; after any failure it is
 * terminated and a fresh one is started on demand, so no half-finished
 * render state can leak into the next report. Idle workers are unref'd and
 * never keep the process alive.
 */
import { Worker } from 'node:worker_threads';

export class WorkerPool {
  readonly #idle: Worker[] = [];
  readonly #waiters: ((w: Worker) => void)[] = [];
  #live = 0;
  /** Workers started so far, and terminated after a failed job (tests read them). */
  started = 0;
  retired = 0;

  constructor(
    private readonly script: URL,
    readonly size: number
  ) {}

  async acquire(): Promise<Worker> {
    const idle = this.#idle.pop();
    if (idle) {
      idle.ref();
      return idle;
    }
    if (this.#live < this.size) return this.#spawn();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Returns a worker after a job; `clean` false terminates it instead of reusing it. */
  async release(w: Worker, clean: boolean): Promise<void> {
    if (!clean) {
      this.retired++;
      await w.terminate();
      return; // the 'exit' handler frees the slot and serves a waiter
    }
    const next = this.#waiters.shift();
    if (next) return next(w);
    w.unref();
    this.#idle.push(w);
  }

  #spawn(): Worker {
    this.#live++;
    this.started++;
    const w = new Worker(this.script);
    // Errors of a job are handled by its host; this listener only keeps an
    // idle worker's error from becoming an uncaught exception here.
    w.on('error', () => undefined);
    w.once('exit', () => {
      this.#live--;
      const at = this.#idle.indexOf(w);
      if (at >= 0) this.#idle.splice(at, 1);
      const next = this.#waiters.shift();
      if (next) next(this.#spawn());
    });
    return w;
  }
}
