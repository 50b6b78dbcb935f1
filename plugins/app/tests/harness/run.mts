/**
 * App browser harness: loads the built dist/module.js into real Chromium the way Grafana does
 * (AMD via SystemJS; React, @grafana/* and rxjs shared by the host page), renders the Export
 * Manager (list, then the create form) and Reports (with one run history open) in the light and
 * dark theme, and saves screenshots under tests/artifacts/. Fails on any page error.
 *
 * The app's calls (`api/datasources/uid/<uid>/…`) are answered either from fixtures, or (live.mts)
 * by forwarding them to a running backend the way the datasource's CallResource does
 * (`resources/<path>` → `/api/v1/<path>` with key and identity, `health` → whoami).
 *
 *   npm run build -w plugins/app && npm run harness -w plugins/app   (fixtures)
 *   npm run harness:live -w plugins/app                               (real backend child process)
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { fixtureBackend } from './fixtures.mts';
import { bundleHost } from '../../../datasource/tests/harness/pageServer.mts';

const here = import.meta.dirname;
const pluginDir = join(here, '..', '..');
const repoRoot = join(pluginDir, '..', '..');
const artifacts = join(here, '..', 'artifacts');
const ORIGIN = 'http://harness.test';
const ID = 'semantest-analytics-app';
const SPINNER =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2a10 10 0 1 0 10 10h-2.5A7.5 7.5 0 1 1 12 4.5z"/></svg>';
const DS = /^\/api\/datasources\/uid\/semantest\/(.+)$/;

export interface LiveTarget {
  url: string;
  /** A `grafana` key: like the datasource, the harness forwards a Grafana user with it. */
  key: string;
  user: { login: string; orgId: number; role: 'Viewer' | 'Editor' | 'Admin' };
}

export interface HarnessOptions {
  /** A running backend; without it the fixtures answer. */
  backend?: LiveTarget;
  /** Screenshot name suffix, e.g. `-live`. */
  suffix?: string;
  /** What the live pages must show (seeded through the API by live.mts). */
  expect?: { exportId: string; reportName: string };
}

/**
 * The datasource's CallResource, server side: `resources/<path>` → `/api/v1/<path>` with the
 * tenant key and the signed-in user's identity headers (handler_resources.go, identity.go).
 */
async function forward(route: Route, path: string, backend: LiveTarget) {
  const req = route.request();
  const url = new URL(req.url());
  const target = path === 'health' ? '/api/v1/whoami' : `/api/v1/${path.replace(/^resources\//, '')}`;
  const res = await fetch(`${backend.url}${target}${url.search}`, {
    method: req.method(),
    headers: {
      authorization: `Bearer ${backend.key}`,
      'x-grafana-user': backend.user.login,
      'x-grafana-org-id': String(backend.user.orgId),
      'x-grafana-role': backend.user.role,
      ...(req.postData() ? { 'content-type': 'application/json' } : {}),
    },
    body: req.postData() ?? undefined,
  });
  const body = Buffer.from(await res.arrayBuffer());
  if (path === 'health') {
    const who = JSON.parse(body.toString()) as { tenant?: { slug: string } };
    return route.fulfill({
      status: res.ok ? 200 : 400,
      json: {
        status: res.ok ? 'OK' : 'ERROR',
        message: res.ok ? `Connected to tenant ${who.tenant?.slug}` : body.toString(),
      },
    });
  }
  return route.fulfill({
    status: res.status,
    body,
    contentType: res.headers.get('content-type') ?? 'application/json',
  });
}

async function serve(page: Page, host: string, opts: HarnessOptions) {
  const systemjs = join(repoRoot, 'node_modules', 'systemjs', 'dist');
  const files: Record<string, [string | Buffer, string]> = {
    '/index.html': [readFileSync(join(here, 'page.html'), 'utf8'), 'text/html'],
    '/host.js': [host, 'text/javascript'],
    '/system.min.js': [readFileSync(join(systemjs, 'system.min.js'), 'utf8'), 'text/javascript'],
    '/amd.min.js': [readFileSync(join(systemjs, 'extras', 'amd.min.js'), 'utf8'), 'text/javascript'],
  };
  const fixtures = fixtureBackend();
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const ds = DS.exec(url.pathname);
    if (ds) {
      if (opts.backend) return forward(route, ds[1]!, opts.backend);
      const a = fixtures(route.request().method(), ds[1]!, url.searchParams);
      return route.fulfill({ status: a.status, json: a.body });
    }
    const m = new RegExp(`^/public/plugins/${ID}/(.+)$`).exec(url.pathname);
    const file = m ? join(pluginDir, 'dist', m[1]!) : undefined;
    if (file && existsSync(file)) {
      return route.fulfill({ body: readFileSync(file), contentType: 'text/javascript' });
    }
    const icon = /^\/public\/build\/img\/icons\/(.+\.svg)$/.exec(url.pathname);
    if (icon?.[1] === 'unicons/spinner.svg') {
      // Grafana's server ships its own spinner icon; @grafana/ui's package has none.
      return route.fulfill({ body: SPINNER, contentType: 'image/svg+xml' });
    }
    if (url.pathname === '/uplot.css') {
      // Imported by @grafana/ui's CSS for graph panels; Grafana serves it in its bundle.
      return route.fulfill({ body: '', contentType: 'text/css' });
    }
    if (icon) {
      const svg = join(repoRoot, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons', icon[1]!);
      return existsSync(svg)
        ? route.fulfill({ body: readFileSync(svg), contentType: 'image/svg+xml' })
        : route.fulfill({ status: 404, body: '' });
    }
    const f = files[url.pathname];
    return f ? route.fulfill({ body: f[0], contentType: f[1] }) : route.fulfill({ status: 404, body: 'not found' });
  });
}

async function open(
  browser: Browser,
  host: string,
  opts: HarnessOptions,
  path: string,
  title: string,
  mode: 'light' | 'dark',
  problems: string[]
) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  const where = `${path}/${mode}`;
  page.on('pageerror', (e) => problems.push(`${where}: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !DS.test(new URL(r.url()).pathname)) {
      problems.push(`${where}: HTTP ${r.status()} ${r.url()}`);
    }
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`${where}: console: ${msg.text()}`);
    }
  });
  await serve(page, host, opts);
  await page.goto(`${ORIGIN}/index.html`);
  await page.evaluate(
    async ({ id, path, mode, title }) => {
      const mod = (await (window as any).System.import(`/public/plugins/${id}/module.js`)) as { plugin: any };
      mod.plugin.meta = { id, name: 'Semantest Analytics', type: 'app', enabled: true, jsonData: {} };
      (window as any).harnessRender(mod.plugin, path, mode, title);
    },
    { id: ID, path, mode, title }
  );
  return page;
}

export async function runHarness(opts: HarnessOptions = {}): Promise<string[]> {
  if (!existsSync(join(pluginDir, 'dist', 'module.js'))) {
    throw new Error('dist/module.js is missing: run npm run build -w plugins/app');
  }
  mkdirSync(artifacts, { recursive: true });
  const host = await bundleHost(join(here, 'host.tsx'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const problems: string[] = [];
  const shots: string[] = [];
  const suffix = opts.suffix ?? '';
  const shot = async (page: Page, name: string) => {
    // @grafana/ui fetches icon SVGs on first use; let them arrive (polls leave idle gaps).
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    const file = join(artifacts, `${name}${suffix}.png`);
    await page.locator('#root').screenshot({ path: file });
    shots.push(file);
  };
  try {
    for (const mode of ['light', 'dark'] as const) {
      const exportsPage = await open(
        browser,
        host,
        opts,
        '/a/semantest-analytics-app/exports',
        'Exports',
        mode,
        problems
      );
      await exportsPage
        .getByRole('table', { name: 'Export jobs' })
        .or(exportsPage.getByText('No exports yet'))
        .waitFor()
        .catch(async (err: Error) => {
          await shot(exportsPage, `exports-failure-${mode}`);
          throw new Error(`${err.message}\npage shows:\n${await exportsPage.locator('#root').innerText()}`);
        });
      if (!opts.backend) {
        // Progress moves between polls (the fixture advances on every read).
        const bar = exportsPage.getByRole('progressbar', { name: 'Export exp_1 progress' });
        const first = Number(await bar.getAttribute('aria-valuenow'));
        await exportsPage.waitForFunction(
          (v) =>
            Number(document.querySelector('[aria-label="Export exp_1 progress"]')?.getAttribute('aria-valuenow')) > v,
          first,
          { timeout: 10_000 }
        );
      }
      if (opts.expect) {
        await exportsPage.getByTestId(`export-${opts.expect.exportId}`).getByText('succeeded').waitFor();
      }
      await shot(exportsPage, `exports-${mode}`);
      await exportsPage.getByRole('button', { name: 'New export' }).click();
      await exportsPage.getByRole('form', { name: 'New export' }).waitFor();
      await exportsPage.getByLabel('PARQUET').check({ force: true });
      await shot(exportsPage, `exports-create-${mode}`);
      await exportsPage.close();

      const reportsPage = await open(
        browser,
        host,
        opts,
        '/a/semantest-analytics-app/reports',
        'Reports',
        mode,
        problems
      );
      await reportsPage.getByRole('table', { name: 'Reports' }).or(reportsPage.getByText('No reports yet')).waitFor();
      if (opts.expect) {
        await reportsPage.getByText(opts.expect.reportName).waitFor();
      }
      const history = reportsPage.getByRole('button', { name: 'History' }).first();
      if (await history.count()) {
        await history.click();
        await reportsPage
          .getByRole('table', { name: /^Run history of/ })
          .or(reportsPage.getByText('This report has not run yet.'))
          .waitFor();
      }
      await reportsPage.waitForFunction(() => !document.body.textContent?.includes('Loading'), undefined, {
        timeout: 10_000,
      });
      await shot(reportsPage, `reports-${mode}`);
      await reportsPage.close();
    }
  } finally {
    await browser.close();
  }
  assert.deepEqual(problems, [], `page errors:\n${problems.join('\n')}`);
  return shots;
}

if (process.argv[1] === import.meta.filename) {
  const shots = await runHarness();
  console.log(`screenshots:\n${shots.join('\n')}`);
}
