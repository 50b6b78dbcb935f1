import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { problem, report, run } from '../../__fixtures__/api';
import { HttpFailure, installBackendSrv } from '../../__fixtures__/backendSrv';
import { renderWithApi } from '../../__fixtures__/render';
import { ReportsPage } from './ReportsPage';

const NOW = () => new Date('2026-11-25T12:00:00Z');
const weekly = report();
const adhoc = report({
  id: 'rep_adhoc',
  name: 'Flaky tests (on demand)',
  description: undefined,
  schedule: undefined,
  formats: ['csv'],
});
const paused = report({
  id: 'rep_paused',
  name: 'Nightly perf',
  paused: true,
  schedule: { cron: '0 2 * * *', timezone: 'UTC' },
});
const row = (id: string) => screen.getByTestId(`report-${id}`);

function routes(extra: Record<string, unknown> = {}) {
  return {
    'GET reports': { reports: [weekly, adhoc, paused] },
    'GET reports/rep_weekly/runs': { runs: [run()] },
    'GET reports/rep_adhoc/runs': { runs: [] },
    'GET reports/rep_paused/runs': {
      runs: [run({ id: 'run_p', reportId: 'rep_paused', status: 'failed', error: 'SMTP connection refused' })],
    },
    ...extra,
  };
}

describe('ReportsPage', () => {
  it('lists definitions with schedule, next run and last status', async () => {
    installBackendSrv(routes());
    renderWithApi(<ReportsPage now={NOW} />);
    await screen.findByText('Weekly test health');
    expect(within(row('rep_weekly')).getByText('0 8 * * 1')).toBeInTheDocument();
    expect(within(row('rep_weekly')).getByText('Europe/Berlin')).toBeInTheDocument();
    expect(within(row('rep_weekly')).getByText('2026-11-30 07:00')).toBeInTheDocument();
    expect(await within(row('rep_weekly')).findByText('succeeded')).toBeInTheDocument();
    expect(within(row('rep_adhoc')).getByText('manual only')).toBeInTheDocument();
    expect(await within(row('rep_adhoc')).findByText('never run')).toBeInTheDocument();
    expect(within(row('rep_paused')).getByText('paused')).toBeInTheDocument();
    expect(await within(row('rep_paused')).findByText('failed')).toBeInTheDocument();
    expect(within(row('rep_paused')).getByRole('button', { name: 'Resume' })).toBeInTheDocument();
    expect(within(row('rep_adhoc')).getByRole('button', { name: 'Pause' })).toBeDisabled();
  });

  it('runs a report now and reports the finished run', async () => {
    const calls = installBackendSrv(
      routes({
        'POST reports/rep_weekly/run': run({
          id: 'run_2',
          trigger: 'manual',
          tickAt: null,
          rows: 980,
          durationMs: 1500,
        }),
      })
    );
    renderWithApi(<ReportsPage now={NOW} />);
    await userEvent.click(
      within(await screen.findByTestId('report-rep_weekly')).getByRole('button', { name: 'Run now' })
    );
    expect(await screen.findByText('Weekly test health: 980 rows in 1.5 s.')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual([
      'api/datasources/uid/semantest-ds/resources/reports/rep_weekly/run',
    ]);
  });

  it('follows a queued run (202) until it has finished', async () => {
    let reads = 0;
    const queued = run({
      id: 'run_q',
      trigger: 'manual',
      tickAt: null,
      status: 'queued',
      rows: null,
      bytes: null,
      durationMs: null,
      startedAt: null,
      finishedAt: null,
    });
    installBackendSrv(
      routes({
        'POST reports/rep_weekly/run': queued,
        'GET reports/rep_weekly/runs/run_q': () =>
          ++reads < 2
            ? { ...queued, status: 'running' }
            : run({ id: 'run_q', trigger: 'manual', rows: 77, durationMs: 900 }),
      })
    );
    renderWithApi(<ReportsPage now={NOW} />);
    await userEvent.click(
      within(await screen.findByTestId('report-rep_weekly')).getByRole('button', { name: 'Run now' })
    );
    expect(await screen.findByText('Weekly test health: run queued…')).toBeInTheDocument();
    expect(
      await screen.findByText('Weekly test health: 77 rows in 900 ms.', undefined, { timeout: 10_000 })
    ).toBeInTheDocument();
    expect(reads).toBe(2);
  });

  it('says when a run was skipped by its condition', async () => {
    installBackendSrv(
      routes({
        'POST reports/rep_weekly/run': run({ status: 'skipped', reason: 'no failures in the last 7d', rows: 0 }),
      })
    );
    renderWithApi(<ReportsPage now={NOW} />);
    await userEvent.click(
      within(await screen.findByTestId('report-rep_weekly')).getByRole('button', { name: 'Run now' })
    );
    expect(await screen.findByText('Weekly test health was skipped: no failures in the last 7d.')).toBeInTheDocument();
  });

  it('pauses and resumes through the API', async () => {
    const calls = installBackendSrv(
      routes({
        'POST reports/rep_weekly/pause': { ...weekly, paused: true },
        'POST reports/rep_paused/resume': { ...paused, paused: false },
      })
    );
    renderWithApi(<ReportsPage now={NOW} />);
    await userEvent.click(
      within(await screen.findByTestId('report-rep_weekly')).getByRole('button', { name: 'Pause' })
    );
    await userEvent.click(within(row('rep_paused')).getByRole('button', { name: 'Resume' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'POST').map((c) => c.url.replace(/^.*resources\//, ''))).toEqual([
        'reports/rep_weekly/pause',
        'reports/rep_paused/resume',
      ])
    );
  });

  it('shows the run history with errors, reasons and cache hits', async () => {
    installBackendSrv(
      routes({
        'GET reports/rep_weekly/runs': (req: { params?: { limit?: number } }) =>
          req.params?.limit === 1
            ? { runs: [run()] }
            : {
                runs: [
                  run({ id: 'r3', trigger: 'manual', status: 'failed', error: 'Webhook answered 500', attempt: 3 }),
                  run({ id: 'r2', status: 'skipped', reason: 'condition any_failure not met', rows: 0, bytes: null }),
                  run({ id: 'r1', cachedFrom: 'r0' }),
                ],
              },
      })
    );
    renderWithApi(<ReportsPage now={NOW} />);
    await userEvent.click(
      within(await screen.findByTestId('report-rep_weekly')).getByRole('button', { name: 'History' })
    );
    const history = await screen.findByRole('table', { name: 'Run history of rep_weekly' });
    expect(within(history).getByText('Webhook answered 500')).toBeInTheDocument();
    expect(within(history).getByText('manual (attempt 3)')).toBeInTheDocument();
    expect(within(history).getByText('condition any_failure not met')).toBeInTheDocument();
    expect(within(history).getByText('· from cache')).toBeInTheDocument();
    expect(within(history).getAllByText('179 KiB')).toHaveLength(2);
  });

  it('shows the problem when a run is refused, and the empty and error states', async () => {
    installBackendSrv(
      routes({
        'POST reports/rep_weekly/run': new HttpFailure(
          403,
          problem(403, 'FORBIDDEN', 'Running a report needs report.write (Editor).')
        ),
      })
    );
    const { unmount } = renderWithApi(<ReportsPage now={NOW} />);
    await userEvent.click(
      within(await screen.findByTestId('report-rep_weekly')).getByRole('button', { name: 'Run now' })
    );
    expect(await screen.findByText('Running a report needs report.write (Editor).')).toBeInTheDocument();
    expect(screen.getByText('FORBIDDEN · HTTP 403')).toBeInTheDocument();
    unmount();

    installBackendSrv({ 'GET reports': { reports: [] } });
    const empty = renderWithApi(<ReportsPage now={NOW} />);
    expect(await screen.findByText('No reports yet')).toBeInTheDocument();
    empty.unmount();

    installBackendSrv({
      'GET reports': new HttpFailure(502, {
        status: 502,
        code: 'BACKEND_UNREACHABLE',
        detail: 'dial tcp 10.0.0.5:8080: connection refused',
      }),
    });
    renderWithApi(<ReportsPage now={NOW} />);
    expect(await screen.findByText('dial tcp 10.0.0.5:8080: connection refused')).toBeInTheDocument();
    expect(screen.getByText('BACKEND_UNREACHABLE · HTTP 502')).toBeInTheDocument();
  });
});
