/**
 * Reading the engine's temp file while it grows (engine-file-tail.ts): the
 * bytes read are exactly the bytes the engine wrote (chDB, quoted multi-line
 * values); bytes appended after a pause are still read (the body ends only
 * after settled()); an engine failure fails the body; a file replaced under
 * the reader is an error, not a silently different export; close() while
 * waiting for bytes ends the body.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvWriteSql, sha256 } from './engine-writes.ts';
import { ChdbDriver } from '../../src/storage/analytics/chdb-driver.ts';
import { tailEngineFile } from '../../src/exports/engine-file-tail.ts';

let dir: string;
let driver: ChdbDriver;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'semantest-tail-'));
  driver = new ChdbDriver(join(dir, 'ch'));
});
after(async () => {
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

const write = csvWriteSql;
const sha = sha256;

test('the bytes read while the engine writes are the bytes of the finished file', async () => {
  const file = join(dir, 'export.csv');
  writeFileSync(file, '', { mode: 0o600 }); // as withTempFile: the file exists, empty, before the engine writes
  const tail = tailEngineFile(file, { chunkBytes: 64 * 1024 });
  const read = sha(tail.body);
  await driver.command(write(300_000), { p: file }).then(() => tail.settled());
  assert.equal(await read, createHash('sha256').update(readFileSync(file)).digest('hex'));
  await tail.close();
});

test('bytes appended after a pause are read; the body ends only after settled()', async () => {
  const file = join(dir, 'slow.csv');
  writeFileSync(file, '');
  const tail = tailEngineFile(file, { pollMs: 5 });
  const chunks: string[] = [];
  tail.body.on('data', (c: Buffer) => chunks.push(c.toString()));
  const ended = once(tail.body, 'end');
  appendFileSync(file, 'first\n');
  // Waits for the first bytes to arrive: the reader polled past the end and found them.
  while (chunks.join('') !== 'first\n') await new Promise((r) => setTimeout(r, 5));
  appendFileSync(file, 'second\n');
  while (chunks.join('') !== 'first\nsecond\n') await new Promise((r) => setTimeout(r, 5));
  appendFileSync(file, 'last\n'); // written before the command "returns": must be read
  tail.settled();
  await ended;
  assert.equal(chunks.join(''), 'first\nsecond\nlast\n');
  await tail.close();
});

test('an engine failure mid-write fails the body with the engine error', async () => {
  const file = join(dir, 'failing.csv');
  writeFileSync(file, '');
  const tail = tailEngineFile(file);
  const read = sha(tail.body);
  const err = await driver.command(write(300_000, 150_000), { p: file }).then(
    () => assert.fail('the write should fail'),
    (e: unknown) => e
  );
  tail.settled(err);
  await assert.rejects(read, /boom/);
  await tail.close();
});

test('a file replaced under the reader is an error', async () => {
  const file = join(dir, 'replaced.csv');
  writeFileSync(file, 'a\n');
  const tail = tailEngineFile(file);
  const chunks: Buffer[] = [];
  tail.body.on('data', (c: Buffer) => chunks.push(c));
  const failed = once(tail.body, 'error');
  while (chunks.length === 0) await new Promise((r) => setTimeout(r, 5)); // the reader holds the original file
  writeFileSync(join(dir, 'other.csv'), 'a\nb\n');
  renameSync(join(dir, 'other.csv'), file);
  tail.settled();
  const [err] = (await failed) as [Error];
  assert.match(err.message, /changed under the reader/);
  await tail.close();
});

test('close() while waiting for bytes ends the reader', async () => {
  const file = join(dir, 'idle.csv');
  writeFileSync(file, '');
  const tail = tailEngineFile(file, { pollMs: 1000 });
  tail.body.resume();
  await new Promise((r) => setTimeout(r, 20));
  await tail.close();
  assert.ok(tail.body.destroyed);
});
