// Builds the Go backend for the platforms Grafana servers run on into dist/, with the file names
// Grafana looks for: <executable>_<goos>_<goarch> (plugin.json "executable").
// Plain `go build` (no mage): static, CGO-free, reproducible (-trimpath), stripped.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { executable } = JSON.parse(readFileSync(join(root, 'src/plugin.json'), 'utf8'));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const targets = (process.env.SEMANTEST_GO_TARGETS ?? 'linux/amd64,linux/arm64').split(',');

mkdirSync(join(root, 'dist'), { recursive: true });
for (const target of targets) {
  const [goos, goarch] = target.split('/');
  const out = join(root, 'dist', `${executable}_${goos}_${goarch}${goos === 'windows' ? '.exe' : ''}`);
  const started = Date.now();
  execFileSync(
    'go',
    ['build', '-trimpath', '-tags', 'arrow_json_stdlib', '-ldflags', `-w -s -X main.version=${version}`, '-o', out, './pkg'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, CGO_ENABLED: '0', GOOS: goos, GOARCH: goarch } }
  );
  chmodSync(out, 0o755);
  console.log(`built ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
