/**
 * The embedded metadata store opens with a small shared_buffers: PostgreSQL's
 * 128 MB default is resident WASM memory in the backend process, for tables
 * that hold a few thousand rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteDb } from '../../src/storage/metadata/pglite-db.ts';

test('PGlite runs with shared_buffers of 16 MB and still reopens its data dir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pglite-settings-'));
  try {
    const db = await PgliteDb.open(join(dir, 'meta'));
    const [row] = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
    assert.equal(row?.shared_buffers, '16MB');
    await db.query('CREATE TABLE t (a int)');
    await db.query('INSERT INTO t VALUES (1)');
    await db.close();
    const again = await PgliteDb.open(join(dir, 'meta'));
    assert.deepEqual(await again.query('SELECT a FROM t'), [{ a: 1 }]);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
