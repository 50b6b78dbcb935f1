import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

import { DATASETS, DIMENSIONS, METRIC_FNS, QUERY_MODEL_VERSION, SHAPES } from '../src/queryModel';

const repo = join(__dirname, '..', '..', '..');
const pluginJson = JSON.parse(readFileSync(join(__dirname, '..', 'src', 'plugin.json'), 'utf8'));
const load = (p: string) => parse(readFileSync(join(repo, 'provisioning', p), 'utf8'));

describe('provisioning', () => {
  const ds = load('datasources/semantest.yaml');
  const alerting = load('alerting/semantest-pass-rate.yaml');

  it('provisions this plugin with the key in secureJsonData only', () => {
    const [entry] = ds.datasources;
    expect(entry).toMatchObject({ type: pluginJson.id, uid: 'semantest', orgId: 1, jsonData: { url: '${SEMANTEST_BACKEND_URL}' } });
    expect(entry.secureJsonData.apiKey).toMatch(/^\$\{\w+\}$/);
    expect(JSON.stringify(entry.jsonData)).not.toMatch(/KEY/);
  });

  it('ships a per-project pass-rate rule over 15 minutes against that datasource', () => {
    const rule = alerting.groups[0].rules[0];
    const [query, threshold] = rule.data;
    expect(query.datasourceUid).toBe(ds.datasources[0].uid);
    expect(query.relativeTimeRange).toEqual({ from: 900, to: 0 });
    const m = query.model;
    expect(m.version).toBe(QUERY_MODEL_VERSION);
    expect(DATASETS).toContain(m.dataset);
    expect(METRIC_FNS).toContain(m.metrics[0].fn);
    expect(m.metrics[0].fn).toBe('pass_rate');
    expect(m.groupBy).toEqual(['project']);
    expect(DIMENSIONS).toEqual(expect.arrayContaining(m.groupBy));
    expect(SHAPES).toContain(m.shape);
    expect(threshold.model).toMatchObject({ type: 'threshold', expression: 'A', conditions: [{ evaluator: { type: 'lt', params: [0.9] } }] });
    expect(rule.condition).toBe('B');
  });
});
