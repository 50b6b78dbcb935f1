/**
 * Runs every backend test file with node:test. Node 20's `--test` has no glob
 * support, so the file list is built here. Pass substrings to filter:
 *   npm test -- ingest
 * Integration suites that need a PostgreSQL server read PG_TEST_URL (set by
 * .ci/test-all.sh, which starts one); without it they fail loudly, not skip,
 * unless SEMANTEST_ALLOW_NO_PG=1 is set for a quick local run.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const testDir = fileURLToPath(new URL('.', import.meta.url));
const backendDir = join(testDir, '..');

function collect(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'fixtures' ? [] : collect(full);
    return entry.endsWith('.test.ts') ? [full] : [];
  });
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = collect(testDir)
  .map((f) => relative(backendDir, f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

if (files.length === 0) {
  console.error(`no test files match ${filters.join(', ')}`);
  process.exit(1);
}

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { cwd: backendDir, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
