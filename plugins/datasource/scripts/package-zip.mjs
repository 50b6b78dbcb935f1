// Packs dist/ as <plugin-id>-<version>.zip with a top-level <plugin-id>/ folder, which is what
// `grafana cli --pluginUrl` and unzip-into-plugins-dir installs expect. Executable bits are kept.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const meta = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8'));
for (const f of ['module.js', `${meta.executable}_linux_amd64`, `${meta.executable}_linux_arm64`]) {
  if (!existsSync(join(dist, f))) {
    throw new Error(`dist/${f} is missing: run the frontend and backend builds first`);
  }
}
if (!(statSync(join(dist, `${meta.executable}_linux_amd64`)).mode & 0o111)) {
  throw new Error('backend binary is not executable');
}
const zipName = `${meta.id}-${meta.info.version}.zip`;
const stage = mkdtempSync(join(tmpdir(), 'semantest-zip-'));
try {
  cpSync(dist, join(stage, meta.id), { recursive: true });
  rmSync(join(root, zipName), { force: true });
  execFileSync('zip', ['-qr', join(root, zipName), meta.id], { cwd: stage, stdio: 'inherit' });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
console.log(`packed ${zipName}`);
