/**
 * The pending-batch journal makes multi-table batches all-or-nothing across a
 * crash. A batch is written results → perf → runs; the test_runs row is the
 * commit marker. Before the first insert the batch's (tenant, run) keys are
 * made durable in the journal; once the marker is in, the entry is cleared. At
 * boot, a leftover entry names runs whose results may be partly written
 * without a marker: those runs were never acknowledged, so their partial rows
 * are deleted and the client's retry stores them once.
 *
 * Invariants:
 * - one batch is in flight per journal (the writer is serial), so one slot
 *   suffices: `begin` overwrites it, and runs only after the previous entry was
 *   committed or recovered;
 * - the slot is a preallocated file overwritten in place and flushed with
 *   fdatasync: no file is created, no size or block allocation changes, so the
 *   flush is a data write, not a filesystem-journal commit that would queue
 *   behind every other process's metadata (tens of ms under load);
 * - an entry is checksummed: a torn write fails the check and reads as no
 *   entry, which is right because no insert begins before the flush returns;
 * - an entry may name more keys than the batch writes (duplicates of stored
 *   runs), and a cleared entry may come back after a crash: recovery only
 *   touches keys that have no marker, so both are harmless.
 * Entries of the earlier one-file-per-batch layout (`<batchId>.json`) are still
 * read, and removed on commit.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fdatasync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';

export type RunKey = readonly [tenantId: string, runId: string];

const fdatasyncAsync = promisify(fdatasync);
const SLOT_FILE = 'slot.bin';
/** Grown (once, durably) when an entry does not fit. */
const INITIAL_BYTES = 1 << 20;
const MAGIC_ENTRY = 0x534d4a31; // 'SMJ1'
const MAGIC_CLEAR = 0x534d4a30; // 'SMJ0'
/** magic u32, payload length u32, sha256 of the payload. */
const HEADER = 40;

export class BatchJournal {
  readonly #fd: number;
  #size: number;
  /** Batch whose entry the slot holds, when known. */
  #inSlot: string | undefined;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.#fd = openSync(join(dir, SLOT_FILE), constants.O_RDWR | constants.O_CREAT, 0o600);
    this.#size = fstatSync(this.#fd).size;
    if (this.#size < INITIAL_BYTES) this.#grow(INITIAL_BYTES);
  }

  /** Resolves once the keys are on disk: one write to the page cache, one fdatasync (the only await). */
  async begin(batchId: string, keys: readonly RunKey[]): Promise<void> {
    const payload = Buffer.from(JSON.stringify({ batchId, keys }));
    if (HEADER + payload.length > this.#size) this.#grow(Math.max(2 * this.#size, HEADER + payload.length));
    const record = Buffer.alloc(HEADER + payload.length);
    record.writeUInt32LE(MAGIC_ENTRY, 0);
    record.writeUInt32LE(payload.length, 4);
    createHash('sha256').update(payload).digest().copy(record, 8);
    payload.copy(record, HEADER);
    writeSync(this.#fd, record, 0, record.length, 0);
    this.#inSlot = batchId;
    await fdatasyncAsync(this.#fd);
  }

  /**
   * Clears the entry. Not flushed on purpose: if a crash undoes the clear,
   * recovery finds every key of the entry with its marker and deletes nothing.
   */
  commit(batchId: string): void {
    if (this.#inSlot === batchId) {
      this.#inSlot = undefined;
      const clear = Buffer.alloc(4);
      clear.writeUInt32LE(MAGIC_CLEAR, 0);
      writeSync(this.#fd, clear, 0, 4, 0);
    }
    rmSync(join(this.dir, `${batchId}.json`), { force: true });
  }

  /** Keys of batches that began but never committed (crash or failed insert). */
  pending(): { batchId: string; keys: RunKey[] }[] {
    const legacy = readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => {
        let keys: RunKey[] = [];
        try {
          keys = JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as RunKey[];
        } catch {
          // A torn journal write means the crash came before any insert began.
        }
        return { batchId: f.slice(0, -5), keys };
      });
    const slot = this.#readSlot();
    this.#inSlot = slot?.batchId;
    return slot ? [...legacy, slot] : legacy;
  }

  close(): void {
    closeSync(this.#fd);
  }

  #readSlot(): { batchId: string; keys: RunKey[] } | undefined {
    const header = Buffer.alloc(HEADER);
    if (readSync(this.#fd, header, 0, HEADER, 0) < HEADER || header.readUInt32LE(0) !== MAGIC_ENTRY) return undefined;
    const length = header.readUInt32LE(4);
    if (HEADER + length > this.#size) return undefined;
    const payload = Buffer.alloc(length);
    readSync(this.#fd, payload, 0, length, HEADER);
    if (!createHash('sha256').update(payload).digest().equals(header.subarray(8, HEADER))) return undefined; // torn
    return JSON.parse(payload.toString('utf8')) as { batchId: string; keys: RunKey[] };
  }

  /** Real zeros, not a sparse or fallocated range: later overwrites must need no block allocation. */
  #grow(bytes: number): void {
    const zeros = Buffer.alloc(bytes - this.#size);
    writeSync(this.#fd, zeros, 0, zeros.length, this.#size);
    fsyncSync(this.#fd);
    this.#size = bytes;
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd); // the file's directory entry, on first creation
    } finally {
      closeSync(dirFd);
    }
  }
}
