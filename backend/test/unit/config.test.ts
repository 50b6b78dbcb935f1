import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../../src/config/load.ts';

test('defaults: loopback, ./data, batch age at most 250 ms', () => {
  const c = loadConfig({});
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.dataDir, './data');
  assert.ok(c.ingest.batchMaxAgeMs <= 250);
});

test('environment wins over the file; both are typed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  const file = join(dir, 'c.json');
  writeFileSync(file, JSON.stringify({ port: 9000, ingest: { batchMaxRows: 10 } }));
  const c = loadConfig({ SEMANTEST_CONFIG: file, PORT: '9100', SEMANTEST_DEMO: 'off' });
  assert.equal(c.port, 9100);
  assert.equal(c.ingest.batchMaxRows, 10);
  assert.equal(c.demo, false);
});

test('unknown or invalid settings stop the start with a message naming them', () => {
  const cases: Array<[Record<string, string>, Record<string, unknown>, RegExp]> = [
    [{ PORT: 'eighty' }, {}, /port/],
    [{ SEMANTEST_BATCH_MAX_AGE_MS: '1000' }, {}, /ingest\.batchMaxAgeMs/],
    [{ SEMANTEST_TYPO: '1' }, {}, /unknown setting SEMANTEST_TYPO/],
    [{ LOG_LEVEL: 'chatty' }, {}, /logLevel/],
    [{ DATABASE_URL: 'mysql://x' }, {}, /databaseUrl/],
    [{}, { 'ingest.nope': 1 }, /ingest\.nope: unknown setting/],
  ];
  for (const [env, overrides, message] of cases) {
    assert.throws(() => loadConfig(env, overrides), (e: Error) => e instanceof ConfigError && message.test(e.message), JSON.stringify(env));
  }
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  writeFileSync(join(dir, 'bad.json'), '{ not json');
  assert.throws(() => loadConfig({ SEMANTEST_CONFIG: join(dir, 'bad.json') }), /cannot read a JSON object/);
});
