/**
 * A byte-counting writer over a Node Writable that respects backpressure:
 * `write` resolves only once the destination can take more, so a slow
 * consumer bounds the memory of every streaming renderer.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export class Sink {
  bytes = 0;
  constructor(private readonly out: Writable) {}

  async write(chunk: string | Uint8Array): Promise<void> {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}
