/**
 * Structural checks on the generated dashboards: ids, layout, variables, datasource and plugin
 * references, the success-rate thresholds, and custom-panel options that name real output fields.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { metricName, isDimension } from '@semantest/query-model';
import { DATASOURCE_TYPE, DEFAULT_DATASOURCE_UID, PANEL_TYPES, SCOPE_VARIABLES, buildDashboards } from '@semantest/dashboards';
import { panelsOf, targetsOf, variablesOf } from './targets.ts';

const root = join(import.meta.dirname, '../../..');
const pluginId = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { id: string }).id;
const PANEL_PLUGIN_IDS = readdirSync(join(root, 'plugins/panels'))
  .filter((d) => { try { readFileSync(join(root, 'plugins/panels', d, 'src/plugin.json')); return true; } catch { return false; } })
  .map((d) => pluginId(join(root, 'plugins/panels', d, 'src/plugin.json')));
const BUILT_IN = new Set(['stat', 'gauge', 'timeseries', 'table', 'piechart', 'bargauge', 'heatmap', 'alertlist', 'text', 'row']);

const dashboards = buildDashboards();

test('ids and names come from the plugins themselves', () => {
  assert.equal(DATASOURCE_TYPE, pluginId(join(root, 'plugins/datasource/src/plugin.json')));
  for (const id of [PANEL_TYPES.healthMatrix, PANEL_TYPES.failureClusters, PANEL_TYPES.runTimeline]) assert.ok(PANEL_PLUGIN_IDS.includes(id), id);
  for (const d of dashboards) for (const p of panelsOf(d)) assert.ok(BUILT_IN.has(p.type) || PANEL_PLUGIN_IDS.includes(p.type), `${d.uid}: panel type ${p.type}`);
});

test('dashboard uids are unique and fixed; panel ids are unique per dashboard', () => {
  assert.equal(new Set(dashboards.map((d) => d.uid)).size, dashboards.length);
  for (const d of dashboards) {
    const ids = panelsOf(d).map((p) => p.id);
    assert.ok(ids.every((id) => Number.isInteger(id) && id > 0), `${d.uid}: ids ${ids.join(',')}`);
    assert.equal(new Set(ids).size, ids.length, `${d.uid}: duplicate panel id`);
  }
});

test('panels stay inside the 24-column grid and never overlap', () => {
  for (const d of dashboards) {
    const panels = panelsOf(d);
    for (const p of panels) {
      const g = p.gridPos;
      assert.ok(g.w > 0 && g.h > 0 && g.x >= 0 && g.y >= 0 && g.x + g.w <= 24, `${d.uid}/${p.title}: ${JSON.stringify(g)}`);
    }
    for (let i = 0; i < panels.length; i++) {
      for (let j = i + 1; j < panels.length; j++) {
        const a = panels[i]!.gridPos, b = panels[j]!.gridPos;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `${d.uid}: "${panels[i]!.title}" overlaps "${panels[j]!.title}"`);
      }
    }
  }
});

test('every dashboard has the project / suite / environment / branch variables on the Semantest datasource', () => {
  for (const d of dashboards) {
    const vars = variablesOf(d);
    assert.deepEqual(vars.map((v) => v.name), SCOPE_VARIABLES.map((v) => v.name), d.uid);
    for (const v of vars) {
      assert.equal(v.type, 'query');
      assert.deepEqual(v.datasource, { type: DATASOURCE_TYPE, uid: DEFAULT_DATASOURCE_UID });
      assert.ok(isDimension(v.query.dimension), v.query.dimension);
    }
  }
});

test('every $variable a dashboard mentions is defined on it (Grafana built-ins aside)', () => {
  for (const d of dashboards) {
    const defined = new Set(variablesOf(d).map((v) => v.name));
    const text = JSON.stringify({ panels: d.panels, annotations: d.annotations });
    const used = [...text.matchAll(/\$(?:\{(\w+)(?::\w+)?\}|(\w+))/g)].map((m) => m[1] ?? m[2]!).filter((n) => !n.startsWith('__'));
    assert.ok(used.length > 0);
    for (const name of used) assert.ok(defined.has(name), `${d.uid}: $${name} is not a variable`);
    for (const p of panelsOf(d)) if (p.repeat) assert.ok(defined.has(p.repeat), `${d.uid}: repeat ${p.repeat}`);
  }
});

test('every target goes to the Semantest datasource; a custom uid reaches every reference', () => {
  for (const t of targetsOf(dashboards)) assert.deepEqual(t.target.datasource, { type: DATASOURCE_TYPE, uid: DEFAULT_DATASOURCE_UID }, `${t.dashboard}/${t.panel}`);
  const refs: Array<{ uid: string }> = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === DATASOURCE_TYPE) refs.push(o as { uid: string });
      Object.values(o).forEach(walk);
    }
  };
  walk(buildDashboards({ datasourceUid: 'tenant-ds' }));
  assert.ok(refs.length > 40);
  assert.ok(refs.every((r) => r.uid === 'tenant-ds'));
});

test('the success-rate gauge turns red below 85 % and green from 95 %', () => {
  const exec = dashboards.find((d) => d.uid === 'semantest-execution')!;
  const gauge = panelsOf(exec).find((p) => p.type === 'gauge' && p.title === 'Success rate');
  assert.ok(gauge);
  const defaults = gauge.fieldConfig?.defaults as { unit: string; thresholds: { mode: string; steps: Array<{ value: number | null; color: string }> } };
  assert.equal(defaults.unit, 'percentunit', 'pass_rate is a 0–1 ratio, so 0.85 shows as 85 %');
  assert.equal(defaults.thresholds.mode, 'absolute');
  assert.deepEqual(defaults.thresholds.steps, [{ value: null, color: 'red' }, { value: 0.85, color: 'orange' }, { value: 0.95, color: 'green' }]);
  const t = gauge.targets![0]!;
  assert.ok(t.queryType === 'model' && t.metrics[0]!.fn === 'pass_rate');
});

test('real-time stat panels set their own thresholds (Grafana would paint counts red from 80)', () => {
  const exec = dashboards.find((d) => d.uid === 'semantest-execution')!;
  const stats = panelsOf(exec).filter((p) => p.type === 'stat');
  assert.ok(stats.length >= 3);
  for (const p of stats) {
    const steps = (p.fieldConfig?.defaults as { thresholds?: { steps: unknown[] } }).thresholds?.steps;
    assert.ok(steps && steps.length > 0, `${p.title} has explicit thresholds`);
  }
});

test('the real-time dashboard streams, and the alert list panel is there', () => {
  const exec = dashboards.find((d) => d.uid === 'semantest-execution')!;
  assert.ok(targetsOf([exec]).some((t) => t.target.queryType === 'stream'));
  assert.ok(panelsOf(exec).some((p) => p.type === 'alertlist'));
  assert.equal(exec.liveNow, true);
});

test('custom panels name fields their query actually returns', () => {
  const FIELD_OPTIONS = ['rowField', 'columnField', 'valueField', 'countField', 'typeField', 'messageField', 'testsField', 'testField', 'statusField', 'ownerField', 'timeField'];
  let checked = 0;
  for (const d of dashboards) {
    for (const p of panelsOf(d).filter((x) => PANEL_PLUGIN_IDS.includes(x.type))) {
      const t = p.targets?.[0];
      assert.ok(t && t.queryType === 'model', `${p.title}: one model target`);
      const outputs = new Set<string>([...(t.groupBy ?? []), ...t.metrics.map(metricName), ...(t.shape.startsWith('timeseries') ? ['time'] : [])]);
      for (const k of FIELD_OPTIONS) {
        const v = p.options?.[k];
        if (typeof v === 'string' && v !== '') { assert.ok(outputs.has(v), `${d.uid}/${p.title}: ${k}=${v} not in ${[...outputs].join(',')}`); checked++; }
      }
      for (const k of ['rowVariable', 'columnVariable', 'signatureVariable', 'testVariable']) {
        const v = p.options?.[k];
        if (typeof v === 'string' && v !== '') assert.ok(variablesOf(d).some((x) => x.name === v), `${p.title}: ${k}=${v}`);
      }
    }
  }
  assert.ok(checked >= 10);
});

test('links and annotations stay in the dashboard header on Grafana 12 (no controls-menu placement)', () => {
  for (const d of dashboards) {
    assert.ok((d.links ?? []).length > 0, `${d.uid}: link menu`);
    for (const x of [...(d.links ?? []), ...(d.annotations?.list ?? [])]) assert.equal((x as { placement?: string }).placement, undefined, d.uid);
  }
});
