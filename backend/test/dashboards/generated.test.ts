/**
 * The checked-in provisioning JSON is exactly what the code generates, so nobody hand-edits it:
 * after changing a dashboard, run `npm run -w @semantest/dashboards generate` and commit both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dashboardFiles, PROVISIONING_DIR } from '@semantest/dashboards';

test('every generated dashboard is checked in byte for byte', () => {
  const files = dashboardFiles();
  assert.ok(files.size >= 4);
  for (const [name, text] of files) {
    const onDisk = readFileSync(join(PROVISIONING_DIR, name), 'utf8');
    assert.equal(onDisk, text, `${name} differs from the code: run npm run -w @semantest/dashboards generate`);
  }
});

test('no stale or hand-written dashboard JSON sits in the provisioning folder', () => {
  const files = dashboardFiles();
  const json = readdirSync(PROVISIONING_DIR).filter((f) => f.endsWith('.json'));
  assert.deepEqual(json.sort(), [...files.keys()].sort());
});

test('provisioned files parse and carry the uid they are named after', () => {
  for (const name of dashboardFiles().keys()) {
    const d = JSON.parse(readFileSync(join(PROVISIONING_DIR, name), 'utf8')) as { uid: string; schemaVersion: number };
    assert.equal(`${d.uid}.json`, name);
    assert.equal(d.schemaVersion, 42, 'Grafana 12.x dashboard model');
  }
});
