/**
 * The app harness against a real backend: starts `backend/src/server.ts` as a child process on a
 * fresh temporary DATA_DIR with the demo tenant (the datasource's live helper), creates an export
 * and a report through the API as a Grafana Admin of org 1, runs the report once, then renders
 * both pages in Chromium with every call forwarded to that backend, and checks that the pages
 * show what the backend holds. Screenshots: tests/artifacts/*-live.png.
 *
 *   npm run build -w plugins/app && npm run harness:live -w plugins/app
 */
import assert from 'node:assert/strict';
import { startBackend } from '../../../datasource/tests/live/backend.mts';
import { runHarness, type LiveTarget } from './run.mts';

const backend = await startBackend({ timeoutMs: 300_000 });
try {
  const target: LiveTarget = {
    url: backend.url,
    key: backend.keys.grafana,
    user: { login: 'admin', orgId: 1, role: 'Admin' },
  };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${backend.url}/api/v1/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.key}`,
        'x-grafana-user': target.user.login,
        'x-grafana-org-id': String(target.user.orgId),
        'x-grafana-role': target.user.role,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  const now = Date.now();
  const job = await call('POST', 'exports', {
    query: {
      version: 1,
      dataset: 'results',
      metrics: [{ fn: 'count' }, { fn: 'pass_rate' }],
      groupBy: ['suite', 'status'],
      timeRange: { from: now - 30 * 86_400_000, to: now },
      shape: 'table',
    },
    format: 'csv',
    compression: 'gzip',
  });
  for (let i = 0; i < 120; i++) {
    const j = await call('GET', `exports/${job.id}`);
    if (j.status !== 'queued' && j.status !== 'running') {
      assert.equal(j.status, 'succeeded', `export ended ${j.status}: ${j.error}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const report = await call('POST', 'reports', {
    name: 'Weekly test health (live)',
    description: 'Pass rate by suite, stored only',
    queries: [
      {
        title: 'Pass rate by suite',
        visualization: 'table',
        query: { version: 1, dataset: 'results', metrics: [{ fn: 'pass_rate' }], groupBy: ['suite'], shape: 'table' },
      },
    ],
    timeRange: { last: '7d', timezone: 'UTC' },
    formats: ['csv'],
    schedule: { cron: '0 8 * * 1', timezone: 'Europe/Berlin' },
    channels: [{ kind: 'stored' }],
    condition: { kind: 'always' },
  });
  const ran = await call('POST', `reports/${report.id}/run`);
  console.log(`seeded export ${job.id} and report ${report.id} (run ${ran.status})`);

  const shots = await runHarness({
    backend: target,
    suffix: '-live',
    expect: { exportId: job.id, reportName: report.name },
  });
  console.log(`screenshots:\n${shots.join('\n')}`);
} finally {
  await backend.stop();
}
