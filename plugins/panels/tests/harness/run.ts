/**
 * Browser harness: loads each panel's built dist/module.js into real Chromium the way Grafana
 * does (AMD through SystemJS, React and @grafana/* shared from the host page), renders it with
 * demo data in the light and dark theme, focuses it from the keyboard to show a tooltip, and
 * saves screenshots under plugins/panels/tests/artifacts/. Fails on any page error.
 *
 *   npm run build -w @semantest/panel-healthmatrix (and the other two), then
 *   npm run harness -w @semantest/panels-tests
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';

const here = import.meta.dirname;
const panelsDir = join(here, '..', '..');
const repoRoot = join(panelsDir, '..', '..');
const artifacts = join(here, '..', 'artifacts');
const ORIGIN = 'http://harness.test';

interface Shot {
  panel: string;
  id: string;
  title: string;
  fixture: string;
  width: number;
  height: number;
  /** Role of the keyboard-focusable element to Tab into for the tooltip screenshot. */
  focusRole: string;
  /** Tab presses to reach the panel's keyboard stop (the timeline's sort switch comes first). */
  tabs: number;
  keys: string[];
}

const ALL: Shot[] = [
  { panel: 'healthmatrix', id: 'semantest-healthmatrix-panel', title: 'Test health matrix', fixture: 'healthMatrix', width: 720, height: 300, focusRole: 'gridcell', tabs: 1, keys: ['ArrowDown', 'ArrowRight'] },
  { panel: 'healthmatrix', id: 'semantest-healthmatrix-panel', title: 'Test health matrix · 100 × 100', fixture: 'largeMatrix', width: 720, height: 360, focusRole: 'gridcell', tabs: 1, keys: ['PageDown', 'End'] },
  { panel: 'failureclusters', id: 'semantest-failureclusters-panel', title: 'Failure clusters', fixture: 'failureClusters', width: 720, height: 360, focusRole: 'listitem', tabs: 1, keys: ['ArrowRight'] },
  { panel: 'runtimeline', id: 'semantest-runtimeline-panel', title: 'Test run timeline', fixture: 'runTimeline', width: 760, height: 300, focusRole: 'gridcell', tabs: 2, keys: ['ArrowDown', 'End'] },
  { panel: 'runtimeline', id: 'semantest-runtimeline-panel', title: 'Test run timeline · 500 tests × 20 runs', fixture: 'largeTimeline', width: 760, height: 360, focusRole: 'gridcell', tabs: 2, keys: ['PageDown', 'PageDown', 'ArrowRight'] },
];
const SHOTS = process.env.HARNESS_ONLY ? ALL.filter((s) => s.panel === process.env.HARNESS_ONLY) : ALL;

async function hostBundle(): Promise<string> {
  const out = await build({
    entryPoints: [join(here, 'host.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.css': 'empty', '.svg': 'text', '.woff': 'empty', '.woff2': 'empty' },
    logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

async function serve(page: Page, host: string) {
  const systemjs = join(repoRoot, 'node_modules', 'systemjs', 'dist');
  const files: Record<string, [string, string]> = {
    '/index.html': [readFileSync(join(here, 'page.html'), 'utf8'), 'text/html'],
    '/host.js': [host, 'text/javascript'],
    '/system.min.js': [readFileSync(join(systemjs, 'system.min.js'), 'utf8'), 'text/javascript'],
    '/amd.min.js': [readFileSync(join(systemjs, 'extras', 'amd.min.js'), 'utf8'), 'text/javascript'],
  };
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const plugin = /^\/public\/plugins\/([^/]+)\/(.+)$/.exec(path);
    if (plugin) {
      const shot = SHOTS.find((s) => s.id === plugin[1]);
      const file = shot && join(panelsDir, shot.panel, 'dist', plugin[2]!);
      return file && existsSync(file)
        ? route.fulfill({ body: readFileSync(file), contentType: file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' })
        : route.fulfill({ status: 404, body: 'not found' });
    }
    const f = files[path];
    return f ? route.fulfill({ body: f[0], contentType: f[1] }) : route.fulfill({ status: 404, body: 'not found' });
  });
}

async function main() {
  for (const s of SHOTS) {
    if (!existsSync(join(panelsDir, s.panel, 'dist', 'module.js'))) {
      throw new Error(`plugins/panels/${s.panel}/dist/module.js is missing: run npm run build -w @semantest/panel-${s.panel}`);
    }
  }
  mkdirSync(artifacts, { recursive: true });
  const host = await hostBundle();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems: string[] = [];
  try {
    for (const shot of SHOTS) {
      for (const mode of ['light', 'dark'] as const) {
        const page = await browser.newPage({ viewport: { width: shot.width + 80, height: shot.height + 120 }, deviceScaleFactor: 1 });
        page.on('pageerror', (e) => problems.push(`${shot.panel}/${mode}: ${e.message}`));
        page.on('console', (m) => {
          if (m.type() === 'error') {
            problems.push(`${shot.panel}/${mode}: console: ${m.text()}`);
          }
        });
        await serve(page, host);
        await page.goto(`${ORIGIN}/index.html`);
        await page.evaluate(
          async ({ id, title, fixture, mode, w, h }) => {
            const mod = (await (window as any).System.import(`/public/plugins/${id}/module.js`)) as { plugin: unknown };
            (window as any).harnessRender(mod.plugin, title, fixture, mode, w, h);
          },
          { id: shot.id, title: shot.title, fixture: shot.fixture, mode, w: shot.width, h: shot.height }
        );
        await page.getByRole(shot.focusRole as 'gridcell').first().waitFor();
        const name = `${shot.panel}-${shot.fixture}-${mode}`;
        await page.locator('#root').screenshot({ path: join(artifacts, `${name}.png`) });
        // Keyboard: Tab into the panel (one tab stop), move, and capture the focus tooltip.
        for (let i = 0; i < shot.tabs; i++) {
          await page.keyboard.press('Tab');
        }
        for (const key of shot.keys) {
          await page.keyboard.press(key);
        }
        await page.getByRole('tooltip').waitFor({ timeout: 5000 });
        await page.locator('#root').screenshot({ path: join(artifacts, `${name}-focus.png`) });
        const counts = await page.evaluate(() => ({
          cells: document.querySelectorAll('[role="gridcell"], [role="listitem"]').length,
          focused: document.activeElement?.getAttribute('aria-label') ?? '',
        }));
        console.log(`${name}: ${counts.cells} cells in the DOM; focused "${counts.focused}"`);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  if (problems.length > 0) {
    throw new Error(`page errors:\n${problems.join('\n')}`);
  }
  console.log(`screenshots in ${artifacts}`);
}

await main();
