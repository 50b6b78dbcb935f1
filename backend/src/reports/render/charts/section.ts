/**
 * A chart section: read the section's rows (capped: charts summarize, and a
 * chart of more than MAX_ROWS points is unreadable anyway), reserve space on
 * the page, draw the title and dispatch to the drawer for the visualization.
 */
import type { SectionMeta } from '../pdf/protocol.ts';
import { CONTENT_WIDTH, PAGE } from '../pdf/page.ts';
import type { ChartCtx } from './context.ts';
import { lastValue, roles, slices, xyData } from './data.ts';
import { drawXY } from './xy.ts';
import { drawPie } from './pie.ts';
import { drawGauge, drawStat } from './gauge.ts';
import { drawHeatmap } from './heatmap.ts';
import { drawTreemap } from './treemap.ts';
import { drawSankey } from './sankey.ts';
import { toNumber } from '../format.ts';

export const MAX_CHART_ROWS = 20_000;

const HEIGHT: Record<string, number> = { stat: 110, gauge: 170, pie: 200, sankey: 260, treemap: 240, heatmap: 240 };

export async function drawChartSection(
  ctx: ChartCtx,
  s: SectionMeta,
  source: AsyncIterable<unknown[]>,
  title: (t: string) => void
): Promise<number> {
  const rows: unknown[][] = [];
  let truncated = false;
  for await (const row of source) {
    if (rows.length >= MAX_CHART_ROWS) {
      truncated = true;
      break;
    }
    rows.push(row);
  }
  const h = HEIGHT[s.visualization] ?? 230;
  ctx.pages.ensure(h + 40);
  title(s.title);
  const box = { x: PAGE.margin, y: ctx.pages.y, w: CONTENT_WIDTH, h };
  if (rows.length === 0) {
    ctx.text.draw('No data in this time range.', box.x, box.y, { size: 9, color: '#777777' });
    ctx.pages.y += 24;
    return 0;
  }
  switch (s.visualization) {
    case 'line':
    case 'area':
    case 'bar':
    case 'stacked_bar':
      drawXY(ctx, box, xyData(s.columns, rows, ctx.timeZone), s.visualization);
      break;
    case 'pie': {
      const d = slices(s.columns, rows, ctx.timeZone);
      drawPie(ctx, box, d.slices, d.unit);
      break;
    }
    case 'treemap': {
      const d = slices(s.columns, rows, ctx.timeZone);
      drawTreemap(ctx, box, d.slices, d.unit);
      break;
    }
    case 'gauge': {
      const { value, column } = lastValue(s.columns, rows);
      drawGauge(ctx, { ...box, x: box.x + box.w / 4, w: box.w / 2 }, value ?? 0, column?.unit, s.thresholds);
      break;
    }
    case 'stat': {
      const { value, column } = lastValue(s.columns, rows);
      const m = roles(s.columns).metrics[0];
      const spark = m === undefined ? [] : rows.map((r) => toNumber(r[m])).filter((v): v is number => v !== null);
      drawStat(ctx, { ...box, w: Math.min(260, box.w) }, value, column?.unit, s.thresholds, spark);
      break;
    }
    case 'heatmap':
      drawHeatmap(ctx, box, s.columns, rows);
      break;
    case 'sankey':
      drawSankey(ctx, box, s.columns, rows);
      break;
    case 'table':
      break;
  }
  ctx.pages.y += h + 10;
  if (truncated) {
    ctx.text.draw(`Chart drawn from the first ${MAX_CHART_ROWS.toLocaleString('en-US')} rows.`, box.x, ctx.pages.y, {
      size: 7,
      color: '#777777',
    });
    ctx.pages.y += 12;
  }
  ctx.pages.y += 8;
  return rows.length;
}
