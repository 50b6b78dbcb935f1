/**
 * Datasource browser harness against a live backend. Starts a real Semantest backend (demo tenant,
 * fresh temp data dir) and the grafana-standin, which runs the real plugin executable over
 * Grafana's plugin protocol; then loads the built dist/module.js into Chromium the way Grafana
 * does (AMD via SystemJS; React, the @grafana packages and rxjs shared by the host page). `/api/**`
 * calls of the page go to the stand-in. In the light and dark theme it
 *  - renders the config editor and runs the health check (Grafana's "Save & test");
 *  - renders the query editor, checks the default query's results, drives the builder with mouse and
 *    keyboard (a filter value picked from the backend's suggestions, interval, legend), checks the
 *    query it produced and the rows it returned, and draws them with @grafana/ui;
 *  - renders the variable editor, picks a dimension and checks the listed values against the backend;
 *  - renders a query the backend rejects and checks the editor shows the backend's error.
 * Screenshots go to tests/artifacts/. Any page error, console error or unexpected HTTP error fails it.
 *
 *   npm run build:frontend -w plugins/datasource && npm run harness -w plugins/datasource
 *
 * HARNESS_ONLY=query,variable runs some views; SEMANTEST_LIVE_URL + SEMANTEST_LIVE_{KEY,INGEST_KEY,
 * QUERY_KEY} reuse a running backend instead of starting one (see tests/live/with-backend.mts).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { useOrStartBackend, type LiveBackend } from '../live/backend.mts';
import { buildStandin, startStandin, type Standin } from '../live/standin.mts';
import { bundleHost, launchChromium, ORIGIN, servePage, watchProblems } from './pageServer.mts';
import type {} from './pageState.ts';
import { rowsView } from './rowsView.mts';

const here = import.meta.dirname;
const pluginDir = join(here, '..', '..');
const artifacts = join(here, '..', 'artifacts');
const ID = 'semantest-analytics-datasource';
type Mode = 'light' | 'dark';

interface Ctx {
  browser: Browser;
  host: string;
  standin: Standin;
  backend: LiveBackend;
  problems: string[];
}

async function open(ctx: Ctx, view: 'config' | 'query' | 'variable', mode: Mode, initial?: Record<string, unknown>) {
  const page = await ctx.browser.newPage({ viewport: { width: 980, height: 900 }, deviceScaleFactor: 1 });
  watchProblems(page, `${view}/${mode}`, ctx.problems);
  await servePage(page, { host: ctx.host, plugins: { [ID]: join(pluginDir, 'dist') }, apiUrl: ctx.standin.url });
  await page.goto(`${ORIGIN}/index.html`);
  await page.evaluate(
    async ({ id, view, mode, initial }) => {
      const mod = (await (window as any).System.import(`/public/plugins/${id}/module.js`)) as { plugin: unknown };
      (window as any).harnessRender(mod.plugin, view, mode, initial);
    },
    { id: ID, view, mode, initial }
  );
  return page;
}

/** What the backend itself answers, read with the tenant's query key (the oracle for the page). */
async function backendValues(backend: LiveBackend, dim: string): Promise<string[]> {
  const res = await fetch(`${backend.url}/api/v1/values/${dim}?limit=1000`, { headers: { authorization: `Bearer ${backend.keys.query}` } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { values: string[] }).values;
}

async function configView(ctx: Ctx, mode: Mode) {
  const page = await open(ctx, 'config', mode);
  await page.getByText('Data source is working').waitFor();
  const health = (await page.evaluate(() => window.harnessHealth))!;
  assert.match(health.message, /tenant "Demo" \(demo\) is mapped to this Grafana org \(1\)/);
  assert.equal(await page.locator('#semantest-url').inputValue(), 'http://semantest:8080');
  await page.locator('#root').screenshot({ path: join(artifacts, `config-editor-${mode}.png`) });
  await page.close();
}

async function queryView(ctx: Ctx, mode: Mode) {
  const page = await open(ctx, 'query', mode);
  const done = async (before: number) => {
    await page.waitForFunction((n) => (window.harnessRequests.filter((r) => r.url.startsWith('/api/ds/query')).length > n && window.harnessData?.state === 'Done'), before);
    return page.evaluate(() => window.harnessData!);
  };
  const first = await done(0);
  assert.ok(first.rows > 0, 'the default query (pass rate by project) returns rows from the demo history');
  const queries = () => page.evaluate(() => window.harnessRequests.filter((r) => r.url.startsWith('/api/ds/query')).length);

  // Drive the builder: a filter whose value comes from the backend's suggestions, interval, legend.
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByLabel('Filter 1 value').click();
  await page.getByRole('option', { name: 'web', exact: true }).click();
  await page.getByLabel('Interval').fill('1h');
  let n = await queries();
  await page.getByLabel('Interval').press('Tab');
  await done(n);
  await page.getByLabel('Legend format').fill('{{project}}');
  n = await queries();
  await page.getByLabel('Legend format').press('Tab');
  const last = await done(n);
  const built = (await page.evaluate(() => window.harnessQuery)) as Record<string, unknown>;
  assert.deepEqual(
    { dataset: built.dataset, metrics: built.metrics, groupBy: built.groupBy, bucketIntervalMs: built.bucketIntervalMs, legendFormat: built.legendFormat, filters: built.filters },
    { dataset: 'results', metrics: [{ fn: 'pass_rate' }], groupBy: ['project'], bucketIntervalMs: 3_600_000, legendFormat: '{{project}}', filters: [{ field: 'project', op: '=', value: 'web' }] }
  );
  assert.ok(last.rows > 0 && last.rows < first.rows, `filtered to project web: ${last.rows} of ${first.rows} rows`);
  const requests = await page.evaluate(() => window.harnessRequests);
  for (const path of ['/resources/catalog', '/resources/values/project']) {
    assert.ok(requests.some((r) => r.url.includes(path) && r.status === 200), `the editor reads ${path} from the live backend`);
  }
  assert.ok(
    requests.some((r) => /\/resources\/values\/project\?.*dataset=results&from=\d+&to=\d+$/.test(r.url) && r.status === 200),
    'value suggestions are scoped to the query dataset and the time range'
  );
  // The admin-only compiled SQL (closed <details>; its one long line would widen the screenshot).
  assert.match((await page.getByTestId('semantest-sql').textContent()) ?? '', /`tenant_id` = \{tenant:String\}/);
  await page.getByTestId('harness-results').locator('canvas').first().waitFor();
  await page.locator('#root').screenshot({ path: join(artifacts, `query-editor-${mode}.png`) });
  console.log(`${mode}: builder produced ${JSON.stringify(built)}; ${last.rows} rows`);
  await page.close();
}

async function variableView(ctx: Ctx, mode: Mode) {
  const page = await open(ctx, 'variable', mode);
  await page.locator('#semantest-var-dimension').click();
  await page.getByRole('option', { name: 'branch', exact: true }).click();
  await page.getByTestId('harness-variable-values').waitFor();
  const listed = (await page.evaluate(() => window.harnessVariableValues))!;
  assert.deepEqual(listed, await backendValues(ctx.backend, 'branch'));
  assert.ok(listed.length > 0);
  await page.locator('#root').screenshot({ path: join(artifacts, `variable-editor-${mode}.png`) });
  await page.close();
}

async function errorView(ctx: Ctx, mode: Mode) {
  const page = await open(ctx, 'query', mode, { groupBy: ['no_such_dimension'] });
  await page.getByText('Query A failed').waitFor();
  const data = (await page.evaluate(() => window.harnessData))!;
  assert.equal(data.state, 'Error');
  assert.match(data.errors.join('\n'), /no_such_dimension/);
  await page.locator('#root').screenshot({ path: join(artifacts, `query-error-${mode}.png`) });
  await page.close();
}

/**
 * The comparison dataset: run_diff picked from the dataset menu (the pass_rate metric it has not is
 * replaced by count; no interval for a table), the feature branch against main over the same week,
 * grouped by test and change, a filter on `change` whose value comes from its fixed list (no values
 * request), the result drawn as a table by @grafana/ui.
 */
async function diffView(ctx: Ctx, mode: Mode) {
  const page = await open(ctx, 'query', mode);
  const queries = () => page.evaluate(() => window.harnessRequests.filter((r) => r.url.startsWith('/api/ds/query')).length);
  const done = async (before: number) => {
    await page.waitForFunction((n) => window.harnessRequests.filter((r) => r.url.startsWith('/api/ds/query')).length > n && window.harnessData !== undefined, before);
    await page.waitForFunction(() => window.harnessRequests.filter((r) => r.url.startsWith('/api/ds/query')).every((r) => r.status > 0));
    return page.evaluate(() => window.harnessData!);
  };
  const step = async (action: () => Promise<void>) => {
    const n = await queries();
    await action();
    const data = await done(n);
    assert.equal(data.state, 'Done', `query failed: ${data.errors.join('; ')}`);
    return data;
  };
  await done(0);
  await step(async () => {
    await page.getByLabel('Dataset').click();
    await page.getByRole('option', { name: /^run_diff/ }).click();
  });
  assert.equal(await page.getByLabel('Interval').count(), 0, 'run_diff has no time buckets: no interval field');
  await step(async () => {
    await page.getByLabel('Compare before kind').click();
    await page.getByRole('option', { name: /^Branch/ }).click();
  });
  await page.getByLabel('Compare before branch').fill('main');
  await step(() => page.getByLabel('Compare before branch').press('Tab'));
  // force: the switch's label, drawn over the hidden checkbox, takes the click, as it does for a user
  await step(() => page.getByRole('switch', { name: 'Compare before same period' }).check({ force: true }));
  await step(async () => {
    await page.getByLabel('Compare after kind').click();
    await page.getByRole('option', { name: /^Branch/ }).click();
  });
  await page.getByLabel('Compare after branch').fill('feature/checkout-v2');
  await step(() => page.getByLabel('Compare after branch').press('Tab'));
  for (const dim of ['test', 'change']) {
    await step(async () => {
      await page.getByLabel('Group by').click();
      await page.getByRole('option', { name: dim, exact: true }).click();
    });
    await page.keyboard.press('Escape');
  }
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByLabel('Filter 1 field').click();
  await page.getByRole('option', { name: 'change', exact: true }).click();
  await page.getByLabel('Filter 1 operator').click();
  await page.getByRole('option', { name: '!=', exact: true }).click();
  await page.getByLabel('Filter 1 value').click();
  const offered = await page.getByRole('option').allTextContents();
  assert.deepEqual(offered, ['new_failure', 'fixed', 'still_failing', 'added', 'removed', 'unchanged', 'slower', 'faster']);
  const last = await step(() => page.getByRole('option', { name: 'unchanged', exact: true }).click());
  const built = (await page.evaluate(() => window.harnessQuery)) as Record<string, unknown>;
  assert.deepEqual(
    { dataset: built.dataset, metrics: built.metrics, groupBy: built.groupBy, filters: built.filters, shape: built.shape, compare: built.compare },
    {
      dataset: 'run_diff', metrics: [{ fn: 'count' }], groupBy: ['project', 'test', 'change'], filters: [{ field: 'change', op: '!=', value: 'unchanged' }], shape: 'table',
      compare: { before: { branch: 'main', period: 'same' }, after: { branch: 'feature/checkout-v2' } },
    }
  );
  const requests = await page.evaluate(() => window.harnessRequests);
  assert.ok(!requests.some((r) => r.url.includes('/resources/values/change')), 'change values come from the fixed list');
  assert.ok(last.rows > 0, 'the feature branch has tests whose status differs from main');
  const table = page.getByTestId('harness-results');
  await table.getByText(/new_failure|still_failing|fixed/).first().waitFor();
  assert.equal(await table.getByText('unchanged', { exact: true }).count(), 0);
  await page.mouse.move(0, 0); // no hovered row or open tooltip in the picture
  await page.locator('#root').screenshot({ path: join(artifacts, `query-diff-${mode}.png`) });
  console.log(`${mode}: run_diff builder produced ${JSON.stringify(built)}; ${last.rows} rows`);
  await page.close();
}

/**
 * Every dataset of the menu, switched to from the default query: the builder keeps only what the
 * dataset accepts, so each one answers (no error shown) and its rows are drawn.
 */
async function datasetsView(ctx: Ctx, mode: Mode) {
  const page = await open(ctx, 'query', mode);
  const runs = () => page.evaluate(() => window.harnessRuns ?? 0);
  await page.waitForFunction(() => (window.harnessRuns ?? 0) > 0);
  const res = await fetch(`${ctx.backend.url}/api/v1/catalog`, { headers: { authorization: `Bearer ${ctx.backend.keys.query}` } });
  const catalog = (await res.json()) as { datasets: Array<{ id: string; queryable: boolean }> };
  const failed: string[] = [];
  for (const { id } of catalog.datasets.filter((d) => d.queryable)) {
    const n = await runs();
    await page.getByLabel('Dataset').click();
    await page.getByRole('option', { name: new RegExp(`^${id}`) }).first().click();
    await page.waitForFunction((k) => (window.harnessRuns ?? 0) > k, n);
    const data = await page.evaluate(() => window.harnessData!);
    if (data.state !== 'Done' || (await page.getByText(/^Query A failed/).count()) > 0) {
      failed.push(`${id}: ${data.errors.join('; ')}`);
    }
  }
  assert.deepEqual(failed, [], 'every dataset answers the query the builder fitted to it');
  console.log(`${mode}: the builder's query answered on every queryable dataset of the catalog`);
  await page.close();
}

/** The catalog's datasets this tenant's Grafana key may query, read with the query key. */
async function queryableDatasets(ctx: Ctx): Promise<string[]> {
  const res = await fetch(`${ctx.backend.url}/api/v1/catalog`, { headers: { authorization: `Bearer ${ctx.backend.keys.query}` } });
  const catalog = (await res.json()) as { datasets: Array<{ id: string; queryable: boolean }> };
  return catalog.datasets.filter((d) => d.queryable).map((d) => d.id);
}

async function main() {
  if (!existsSync(join(pluginDir, 'dist', 'module.js'))) {
    throw new Error('dist/module.js is missing: run npm run build:frontend -w plugins/datasource');
  }
  mkdirSync(artifacts, { recursive: true });
  const t0 = Date.now();
  const [backend, bin, host] = await Promise.all([useOrStartBackend(), buildStandin(), bundleHost(join(here, 'host.tsx'))]);
  let standin: Standin | undefined;
  let browser: Browser | undefined;
  const problems: string[] = [];
  try {
    standin = await startStandin(bin, backend);
    console.log(`backend ${backend.url}, stand-in ${standin.url} (${Math.round((Date.now() - t0) / 1000)} s)`);
    browser = await launchChromium();
    const ctx: Ctx = { browser, host, standin, backend, problems };
    const views = {
      config: configView, query: queryView, variable: variableView, error: errorView, diff: diffView, datasets: datasetsView,
      rows: async (c: Ctx, mode: Mode) => rowsView(await open(c, 'query', mode), mode, artifacts, await queryableDatasets(c)),
    };
    const only = process.env.HARNESS_ONLY?.split(',');
    for (const mode of ['light', 'dark'] as const) {
      for (const [name, view] of Object.entries(views)) {
        if (!only || only.includes(name)) {
          await view(ctx, mode);
        }
      }
    }
  } finally {
    await browser?.close();
    await standin?.stop();
    await backend.stop();
  }
  if (problems.length > 0) {
    throw new Error(`page errors:\n${problems.join('\n')}`);
  }
  console.log(`screenshots in ${artifacts} (${Math.round((Date.now() - t0) / 1000)} s)`);
}

await main();
