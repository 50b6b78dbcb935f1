/**
 * `npm run bench -- <name> [--full]`: runs bench/<name>.ts, writes
 * bench/results/<name>.json and prints the same object as its last line.
 */
import { writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { machineInfo, gitCommit, type Benchmark, type BenchResult } from './lib/result.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''));

const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [--full]`);
  process.exit(2);
}

const mod = (await import(pathToFileURL(join(benchDir, `${name}.ts`)).href)) as { default: Benchmark };
const partial = await mod.default({ full: rest.includes('--full'), args: rest });
const result: BenchResult = { ...partial, machine: machineInfo(), git: gitCommit(), at: new Date().toISOString() };
mkdirSync(join(benchDir, 'results'), { recursive: true });
writeFileSync(join(benchDir, 'results', `${name}.json`), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result));
process.exit(0);
