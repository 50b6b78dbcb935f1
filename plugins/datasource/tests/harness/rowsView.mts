/**
 * The rows view of the browser harness: from the default query (pass rate over time), the shape
 * menu's "Rows (raw)" (metrics and group by give way to a column picker with the dataset's default
 * columns), one more column picked, ordered by duration (only selected columns are offered), a
 * limit typed in; the backend's single table frame is drawn by @grafana/ui's Table.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type {} from './pageState.ts';

const LIMIT = 12;

export async function rowsView(page: Page, mode: 'light' | 'dark', artifacts: string, datasets: string[]): Promise<void> {
  const runs = () => page.evaluate(() => window.harnessRuns ?? 0);
  const step = async (action: () => Promise<void>) => {
    const n = await runs();
    await action();
    await page.waitForFunction((k) => (window.harnessRuns ?? 0) > k, n);
    const data = await page.evaluate(() => window.harnessData!);
    assert.equal(data.state, 'Done', `query failed: ${data.errors.join('; ')}`);
    return data;
  };
  await page.waitForFunction(() => (window.harnessRuns ?? 0) > 0);
  await step(async () => {
    await page.getByLabel('Shape').click();
    await page.getByRole('option', { name: /^Rows \(raw\)/ }).click();
  });
  assert.equal(await page.getByLabel('Group by').count(), 0, 'a rows query is not grouped');
  assert.equal(await page.getByLabel('Metric 1 function').count(), 0, 'a rows query has no metrics');
  assert.equal(await page.getByLabel('Interval').count(), 0, 'raw rows have no time buckets');
  await step(async () => {
    await page.getByLabel('Columns').click();
    await page.getByRole('option', { name: /^branch/ }).click();
  });
  await page.keyboard.press('Escape');
  await page.getByLabel('Order by').click();
  const orderable = await page.getByRole('option').allTextContents();
  assert.deepEqual(orderable, ['started_at', 'test', 'status', 'duration_ms', 'branch'], 'only selected columns are offered to order by');
  await step(() => page.getByRole('option', { name: 'duration_ms', exact: true }).click());
  await page.getByLabel('Limit').fill(String(LIMIT));
  const last = await step(() => page.getByLabel('Limit').press('Tab'));
  const built = (await page.evaluate(() => window.harnessQuery)) as Record<string, unknown>;
  assert.deepEqual(
    { shape: built.shape, metrics: built.metrics, groupBy: built.groupBy, columns: built.columns, orderBy: built.orderBy, limit: built.limit },
    {
      shape: 'rows', metrics: [], groupBy: undefined, columns: ['started_at', 'test', 'status', 'duration_ms', 'branch'],
      orderBy: [{ by: 'duration_ms', dir: 'desc' }], limit: LIMIT,
    }
  );
  assert.equal(last.frames, 1, 'the answer is one table frame');
  assert.equal(last.rows, LIMIT, 'the demo tenant has more results than the limit');
  const table = page.getByTestId('harness-results');
  for (const header of ['started_at', 'test', 'status', 'duration_ms', 'branch']) {
    await table.getByRole('columnheader', { name: new RegExp(`^${header}`) }).first().waitFor();
  }
  // no hovered row, open tooltip or focus ring (Tab left the Limit field) in the picture
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 0);
  await page.locator('#root').screenshot({ path: join(artifacts, `query-rows-${mode}.png`) });
  console.log(`${mode}: rows builder produced ${JSON.stringify(built)}; ${last.rows} rows`);
  // From this rows query, every queryable dataset in turn: the builder keeps the columns each has
  // (its defaults when none is left) or, where there are no raw rows, falls back to a count.
  const failed: string[] = [];
  const fitted: string[] = [];
  for (const id of datasets) {
    const n = await runs();
    await page.getByLabel('Dataset').click();
    await page.getByRole('option', { name: new RegExp(`^${id}`) }).first().click();
    await page.waitForFunction((k) => (window.harnessRuns ?? 0) > k, n);
    const data = await page.evaluate(() => window.harnessData!);
    const q = (await page.evaluate(() => window.harnessQuery)) as { shape: string; columns?: string[] };
    fitted.push(`${id}: ${q.shape}${q.columns ? ` ${q.columns.join(',')}` : ''}`);
    if (data.state !== 'Done' || (await page.getByText(/^Query A failed/).count()) > 0) {
      failed.push(`${id} (${q.shape} ${q.columns?.join(',') ?? ''}): ${data.errors.join('; ')}`);
    }
  }
  assert.deepEqual(failed, [], 'every dataset answers the rows query the builder fitted to it');
  console.log(`${mode}: rows query fitted to each dataset and answered: ${fitted.join('; ')}`);
  await page.close();
}
