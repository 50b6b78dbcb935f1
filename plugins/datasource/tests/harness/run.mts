/**
 * Datasource browser harness: loads the built dist/module.js into real Chromium the way Grafana
 * does (AMD via SystemJS; React, the @grafana packages and rxjs shared by the host page), renders the plugin's
 * config and query editors in the light and dark theme, drives the query builder with the mouse
 * and keyboard, checks the query it produced, and saves screenshots under tests/artifacts/.
 * Fails on any page error. No Grafana server and no backend: resource calls are answered by the
 * host's recording BackendSrv (see host.tsx).
 *
 *   npm run build:frontend -w plugins/datasource && npm run harness -w plugins/datasource
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';

const here = import.meta.dirname;
const pluginDir = join(here, '..', '..');
const repoRoot = join(pluginDir, '..', '..');
const artifacts = join(here, '..', 'artifacts');
const ORIGIN = 'http://harness.test';
const ID = 'semantest-analytics-datasource';

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
  const files: Record<string, [string | Buffer, string]> = {
    '/index.html': [readFileSync(join(here, 'page.html'), 'utf8'), 'text/html'],
    '/host.js': [host, 'text/javascript'],
    '/system.min.js': [readFileSync(join(systemjs, 'system.min.js'), 'utf8'), 'text/javascript'],
    '/amd.min.js': [readFileSync(join(systemjs, 'extras', 'amd.min.js'), 'utf8'), 'text/javascript'],
  };
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const m = new RegExp(`^/public/plugins/${ID}/(.+)$`).exec(path);
    const file = m ? join(pluginDir, 'dist', m[1]!) : undefined;
    if (file && existsSync(file)) {
      return route.fulfill({ body: readFileSync(file), contentType: 'text/javascript' });
    }
    const icon = /^\/public\/build\/img\/icons\/(.+\.svg)$/.exec(path);
    if (icon) {
      // Grafana serves @grafana/ui's icon SVGs from public/build; serve the same files.
      const svg = join(repoRoot, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons', icon[1]!);
      return existsSync(svg) ? route.fulfill({ body: readFileSync(svg), contentType: 'image/svg+xml' }) : route.fulfill({ status: 404, body: '' });
    }
    const f = files[path];
    return f ? route.fulfill({ body: f[0], contentType: f[1] }) : route.fulfill({ status: 404, body: 'not found' });
  });
}

async function open(browser: Awaited<ReturnType<typeof chromium.launch>>, host: string, view: 'config' | 'query', mode: 'light' | 'dark', problems: string[]) {
  const page = await browser.newPage({ viewport: { width: 980, height: 640 }, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => problems.push(`${view}/${mode}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) {
      problems.push(`${view}/${mode}: HTTP ${r.status()} ${r.url()}`);
    }
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`${view}/${mode}: console: ${msg.text()}`);
    }
  });
  await serve(page, host);
  await page.goto(`${ORIGIN}/index.html`);
  await page.evaluate(
    async ({ id, view, mode }) => {
      const mod = (await (window as any).System.import(`/public/plugins/${id}/module.js`)) as { plugin: unknown };
      (window as any).harnessRender(mod.plugin, view, mode);
    },
    { id: ID, view, mode }
  );
  return page;
}

async function main() {
  if (!existsSync(join(pluginDir, 'dist', 'module.js'))) {
    throw new Error('dist/module.js is missing: run npm run build:frontend -w plugins/datasource');
  }
  mkdirSync(artifacts, { recursive: true });
  const host = await hostBundle();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems: string[] = [];
  try {
    for (const mode of ['light', 'dark'] as const) {
      const config = await open(browser, host, 'config', mode, problems);
      await config.getByText('Backend URL').waitFor();
      assert.equal(await config.locator('#semantest-url').inputValue(), 'http://semantest:8080');
      await config.locator('#root').screenshot({ path: join(artifacts, `config-editor-${mode}.png`) });
      await config.close();

      const query = await open(browser, host, 'query', mode, problems);
      await query.getByText('Group by').waitFor();
      // Drive the builder: dataset, a second metric, interval, legend.
      await query.getByLabel('runs').click({ force: true });
      await query.getByRole('button', { name: 'Metric' }).click();
      await query.getByLabel('Interval').fill('5m');
      await query.getByLabel('Interval').press('Tab');
      await query.getByLabel('Legend format').fill('{{project}}');
      await query.getByRole('button', { name: 'Filter' }).click();
      const built = (await query.evaluate(() => (window as any).harnessQuery)) as Record<string, unknown>;
      assert.deepEqual(
        { dataset: built.dataset, metrics: built.metrics, bucketIntervalMs: built.bucketIntervalMs, legendFormat: built.legendFormat, filters: built.filters },
        { dataset: 'runs', metrics: [{ fn: 'pass_rate' }, { fn: 'count' }], bucketIntervalMs: 300000, legendFormat: '{{project}}', filters: [{ field: 'project', op: '=' }] }
      );
      const requests = (await query.evaluate(() => (window as any).harnessRequests)) as Array<{ url: string }>;
      assert.ok(requests.some((r) => r.url.endsWith('/resources/catalog')), 'the editor asks the backend catalog for dimensions');
      await query.locator('#root').screenshot({ path: join(artifacts, `query-editor-${mode}.png`) });
      console.log(`${mode}: builder produced ${JSON.stringify(built)}`);
      await query.close();
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
