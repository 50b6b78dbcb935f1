/**
 * Report definitions CRUD through the real app: role rules (Viewers read,
 * Editors write), problem+json validation codes, tenant isolation, write-only
 * webhook secrets, and the principal rule (only Admins pick another user).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, definition, grafanaUser, startFixture } from './helpers.ts';
import type { Fixture } from '../queries/fixture.ts';

let f: Fixture;
let editor: Record<string, string>;
let viewer: Record<string, string>;
before(async () => {
  f = await startFixture();
  editor = grafanaUser(f.acme.keys.grafana, 2, 'ed', 'Editor');
  viewer = grafanaUser(f.acme.keys.grafana, 2, 'vi', 'Viewer');
});
after(() => f.t.close());

test('an Editor creates, reads, updates, pauses and deletes a report; a Viewer only reads', async () => {
  const body = definition({
    schedule: { cron: '0 8 * * MON', timezone: 'America/New_York' },
    channels: [{ kind: 'webhook', url: 'https://hooks.example.com/x', secret: 's3cret' }],
    condition: { kind: 'pass_rate_below', threshold: 0.9 },
  });
  const created = await api(f.t, 'POST', '/api/v1/reports', editor, body);
  assert.equal(created.statusCode, 201, created.body);
  const r = created.json();
  assert.equal(r.owner, 'ed');
  assert.deepEqual(r.runAs, { kind: 'user', login: 'ed', email: 'ed@example.com', role: 'Editor' });
  assert.equal(r.channels[0].secret, '********', 'secrets are write-only');
  assert.deepEqual(r.schedule, { cron: '0 8 * * MON', timezone: 'America/New_York' });

  assert.equal((await api(f.t, 'POST', '/api/v1/reports', viewer, body)).statusCode, 403);
  const listed = await api(f.t, 'GET', '/api/v1/reports', viewer);
  assert.equal(listed.statusCode, 200);
  assert.deepEqual(
    listed.json().reports.map((x: { id: string }) => x.id),
    [r.id]
  );
  assert.ok(!listed.body.includes('s3cret'));

  const updated = await api(f.t, 'PUT', `/api/v1/reports/${r.id}`, editor, {
    ...body,
    name: 'Renamed',
    channels: [{ kind: 'webhook', url: 'https://hooks.example.com/x', secret: '********' }],
  });
  assert.equal(updated.statusCode, 200, updated.body);
  assert.equal(updated.json().name, 'Renamed');
  const [row] = await f.t.services.metadata.query<{ definition: { channels: { secret: string }[] } }>(
    'SELECT definition FROM reports WHERE id = $1',
    [r.id]
  );
  assert.equal(row?.definition.channels[0]?.secret, 's3cret', 'a masked secret sent back keeps the stored one');

  assert.equal((await api(f.t, 'POST', `/api/v1/reports/${r.id}/pause`, editor)).json().paused, true);
  assert.equal((await api(f.t, 'POST', `/api/v1/reports/${r.id}/pause`, viewer)).statusCode, 403);
  assert.equal((await api(f.t, 'POST', `/api/v1/reports/${r.id}/resume`, editor)).json().paused, false);

  // Another tenant cannot see it: 404, like a missing id.
  const globex = grafanaUser(f.globex.keys.grafana, 3, 'ed', 'Editor');
  assert.equal((await api(f.t, 'GET', `/api/v1/reports/${r.id}`, globex)).statusCode, 404);
  assert.equal((await api(f.t, 'DELETE', `/api/v1/reports/${r.id}`, globex)).statusCode, 404);

  assert.equal((await api(f.t, 'DELETE', `/api/v1/reports/${r.id}`, editor)).statusCode, 204);
  assert.equal((await api(f.t, 'GET', `/api/v1/reports/${r.id}`, editor)).statusCode, 404);
});

test('validation errors are problem+json with a code naming the problem', async () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ schedule: { cron: '61 * * * *', timezone: 'UTC' } }, 'REPORT_INVALID_CRON', /cron/],
    [{ schedule: { cron: '0 8 * * *', timezone: 'Mars/Olympus' } }, 'REPORT_UNKNOWN_TIMEZONE', /Mars\/Olympus/],
    [{ timeRange: { last: '7d', timezone: 'Nowhere/City' } }, 'REPORT_UNKNOWN_TIMEZONE', /timeRange/],
    [
      {
        queries: [
          {
            title: 'x',
            visualization: 'table',
            query: { version: 1, dataset: 'results', metrics: [], groupBy: ['status'], shape: 'table' },
          },
        ],
      },
      'REPORT_EMPTY_METRICS',
      /metric/,
    ],
    [{ channels: [{ kind: 'slack', url: 'not a url' }] }, 'REPORT_INVALID_URL', /channels\[0\]/],
    [{ channels: [{ kind: 'webhook', url: 'ftp://x.example.com', secret: 'k' }] }, 'REPORT_INVALID_URL', /http/],
    [{ formats: ['docx'] }, 'VALIDATION_FAILED', /formats/],
    [{ timeRange: { last: 'forever', timezone: 'UTC' } }, 'VALIDATION_FAILED', /timeRange.last/],
    [
      {
        queries: [
          {
            title: 'x',
            visualization: 'table',
            query: {
              version: 1,
              dataset: 'results',
              metrics: [{ fn: 'count' }],
              groupBy: ['no_such_field'],
              shape: 'table',
            },
          },
        ],
      },
      'QUERY_INVALID',
      /no_such_field/,
    ],
  ];
  for (const [extra, code, message] of cases) {
    const r = await api(f.t, 'POST', '/api/v1/reports', editor, definition(extra));
    assert.equal(r.statusCode, 400, `${code}: ${r.body}`);
    assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    assert.equal(r.json().code, code, r.body);
    assert.match(r.json().detail, message);
  }
});

test('only an Admin makes a report run as another user', async () => {
  const runAs = { kind: 'user', login: 'alice', role: 'Viewer' };
  const denied = await api(f.t, 'POST', '/api/v1/reports', editor, definition({ runAs }));
  assert.equal(denied.statusCode, 403);
  const admin = grafanaUser(f.acme.keys.grafana, 2, 'root', 'Admin');
  const ok = await api(f.t, 'POST', '/api/v1/reports', admin, definition({ runAs, perRecipient: true }));
  assert.equal(ok.statusCode, 201, ok.body);
  assert.deepEqual(ok.json().runAs, runAs);
  assert.equal(ok.json().perRecipient, true);
  // A query key acts as the tenant's service principal (Viewer by default): no report.write.
  const svc = await api(f.t, 'POST', '/api/v1/reports', { authorization: `Bearer ${f.acme.keys.query}` }, definition());
  assert.equal(svc.statusCode, 403);
});
