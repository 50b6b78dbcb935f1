import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FieldKeyring } from '../../src/security/encryption/keyring.ts';
import { decryptValue, encryptValue } from '../../src/security/encryption/envelope.ts';

const HEX = 'ab'.repeat(32);

test('envelope round-trips with the right key and fails closed otherwise', () => {
  const ring = FieldKeyring.fromHex(HEX);
  const key = ring.fieldKey('t1', 1);
  const sealed = encryptValue('at Foo.bar(Foo.java:12) password=hunter2', key, 1);
  assert.match(sealed, /^enc:v1:[A-Za-z0-9+/=]+$/);
  assert.ok(!sealed.includes('hunter2'));
  assert.notEqual(encryptValue('same', key, 1), encryptValue('same', key, 1), 'random IV per value');
  assert.equal(decryptValue(sealed, (v) => ring.fieldKey('t1', v)), 'at Foo.bar(Foo.java:12) password=hunter2');
  assert.equal(decryptValue(sealed, (v) => ring.fieldKey('t2', v)), undefined, 'another tenant key');
  assert.equal(decryptValue(sealed, () => FieldKeyring.fromHex('cd'.repeat(32)).fieldKey('t1', 1)), undefined, 'another master key');
  assert.equal(decryptValue('plain text', () => key), undefined);
});

test('keys differ per tenant and per version; bad input is refused', () => {
  const ring = FieldKeyring.fromHex(HEX);
  assert.notDeepEqual(ring.fieldKey('t1', 1), ring.fieldKey('t1', 2));
  assert.notDeepEqual(ring.fieldKey('t1', 1), ring.fieldKey('t2', 1));
  assert.deepEqual(ring.fieldKey('t1', 1), FieldKeyring.fromHex(HEX).fieldKey('t1', 1), 'derived, deterministic');
  assert.throws(() => FieldKeyring.fromHex('abc'));
  assert.throws(() => ring.fieldKey('t1', 0));
});

test('without a configured key the exports master.key file is reused (created 0600)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'semantest-enc-'));
  try {
    const a = FieldKeyring.fromConfig({ dataDir: dir }).fieldKey('t1', 1);
    assert.equal(statSync(join(dir, 'master.key')).mode & 0o777, 0o600);
    assert.deepEqual(FieldKeyring.fromConfig({ dataDir: dir }).fieldKey('t1', 1), a, 'same file, same key');
    assert.notDeepEqual(FieldKeyring.fromConfig({ dataDir: dir, masterKey: HEX }).fieldKey('t1', 1), a, 'configured key wins');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
