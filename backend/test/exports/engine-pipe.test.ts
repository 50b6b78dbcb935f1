/**
 * The named pipe the engine writes exports into (engine-pipe.ts), on chDB:
 * the bytes read are exactly what the engine writes to a regular file; an
 * engine failure mid-write fails the body; a reader that gives up (storage
 * failure, cancel) never blocks the engine, which finishes its write and
 * answers the next query; the FIFO is 0600 and gone after close().
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvWriteSql, sha256 } from './engine-writes.ts';
import { ChdbDriver } from '../../src/storage/analytics/chdb-driver.ts';
import { openEnginePipe } from '../../src/exports/engine-pipe.ts';

let dir: string;
let driver: ChdbDriver;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'semantest-pipe-'));
  driver = new ChdbDriver(join(dir, 'ch'));
});
after(async () => {
  await driver.close();
  rmSync(dir, { recursive: true, force: true });
});

const NAME = '0b3c6f0e-2a4d-4c55-9d1e-7a1b2c3d4e5f.r1.csv';
const write = csvWriteSql;
const sha = sha256;

test('the bytes through the pipe are the bytes the engine writes to a file', async () => {
  const file = join(dir, 'plain.csv');
  await driver.command(write(200_000), { p: file });
  const pipe = await openEnginePipe(join(dir, 'tmp'), NAME);
  assert.equal(statSync(pipe.path).mode & 0o777, 0o600);
  assert.ok(statSync(pipe.path).isFIFO());
  const read = sha(pipe.body);
  await driver.command(write(200_000), { p: pipe.path }).then(() => pipe.settled());
  assert.equal(await read, createHash('sha256').update(readFileSync(file)).digest('hex'));
  await pipe.close();
  assert.ok(!existsSync(pipe.path));
});

test('an engine failure mid-write fails the body; the engine answers afterwards', async () => {
  const pipe = await openEnginePipe(join(dir, 'tmp'), NAME);
  const read = sha(pipe.body);
  const err = await driver.command(write(300_000, 150_000), { p: pipe.path }).then(
    () => assert.fail('the write should fail'),
    (e: unknown) => e
  );
  pipe.settled(err);
  await assert.rejects(read, /boom/);
  await pipe.close();
  assert.deepEqual(await driver.query('SELECT 1 AS x'), [{ x: 1 }]);
});

test('an engine failure before it opens the pipe ends the body too', async () => {
  const pipe = await openEnginePipe(join(dir, 'tmp'), NAME);
  const read = sha(pipe.body);
  const err = await driver.command('INSERT INTO FUNCTION file({p:String}, \'CSV\') SELECT no_such_column', { p: pipe.path }).then(
    () => assert.fail('the write should fail'),
    (e: unknown) => e
  );
  pipe.settled(err);
  await assert.rejects(read);
  await pipe.close();
});

test('a reader that gives up never blocks the engine: the rest is drained', async () => {
  const pipe = await openEnginePipe(join(dir, 'tmp'), NAME);
  pipe.body.once('data', () => pipe.body.destroy(new Error('storage unavailable')));
  pipe.body.on('error', () => undefined);
  // 1M rows are far more than a pipe buffer holds: the write completes only if someone reads.
  await driver.command(write(1_000_000), { p: pipe.path });
  pipe.settled();
  await pipe.close();
  assert.ok(pipe.body.destroyed);
  assert.deepEqual(await driver.query('SELECT 1 AS x'), [{ x: 1 }]);
});
