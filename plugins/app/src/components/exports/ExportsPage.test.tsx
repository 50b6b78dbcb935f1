import React from 'react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { catalog, exportJob, exportSchedule, failedJob, problem, succeededJob } from '../../__fixtures__/api';
import { HttpFailure, installBackendSrv } from '../../__fixtures__/backendSrv';
import { renderWithApi } from '../../__fixtures__/render';
import { EXPORT_POLL_MS } from '../../constants';
import { ExportsPage } from './ExportsPage';

const row = (id: string) => screen.getByTestId(`export-${id}`);

describe('ExportsPage', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('lists jobs newest first with status, format, size and rows written / estimated', async () => {
    installBackendSrv({ 'GET exports': { exports: [failedJob, succeededJob, exportJob()] }, 'GET catalog': catalog });
    renderWithApi(<ExportsPage />);
    const rows = await screen.findAllByTestId(/^export-/);
    expect(rows.map((r) => r.dataset.testid)).toEqual(['export-exp_1', 'export-exp_2', 'export-exp_3']);
    expect(within(row('exp_1')).getByText('250,000 / 1,000,000 rows (25%)')).toBeInTheDocument();
    expect(within(row('exp_1')).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');
    expect(within(row('exp_1')).getByText('gzip', { exact: false })).toBeInTheDocument();
    expect(within(row('exp_2')).getByText('1.8 MiB')).toBeInTheDocument();
    expect(within(row('exp_2')).getByText('PARQUET')).toBeInTheDocument();
    expect(within(row('exp_3')).getByText('0 rows')).toBeInTheDocument();
    expect(within(row('exp_3')).getByText(failedJob.error!)).toBeInTheDocument();
    // The actions each state allows.
    expect(within(row('exp_1')).getByRole('button', { name: 'Cancel' })).toBeInTheDocument();
    expect(within(row('exp_2')).getByRole('button', { name: 'Download' })).toBeInTheDocument();
    expect(within(row('exp_3')).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(within(row('exp_2')).queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
  });

  it('lists export schedules with next run and pauses one; scheduled jobs are marked', async () => {
    const calls = installBackendSrv({
      'GET exports': {
        exports: [
          succeededJob,
          exportJob({
            id: 'exp_s',
            status: 'succeeded',
            scheduleId: 'sch_1',
            tickAt: '2026-11-23T05:00:00.000Z',
            pivot: { field: 'status' },
          }),
        ],
      },
      'GET catalog': catalog,
      'GET export-schedules': { schedules: [exportSchedule()] },
      'POST export-schedules/sch_1/pause': exportSchedule({ paused: true }),
    });
    renderWithApi(<ExportsPage />);
    const sched = await screen.findByTestId('schedule-sch_1');
    expect(within(sched).getByText('0 6 * * 1')).toBeInTheDocument();
    expect(within(sched).getByText('results · XML · pivot status')).toBeInTheDocument();
    expect(
      within(await screen.findByTestId('export-exp_s')).getByText('scheduled · grafana:alice')
    ).toBeInTheDocument();
    expect(within(row('exp_s')).getByText('pivot status')).toBeInTheDocument();
    await userEvent.click(within(sched).getByRole('button', { name: 'Pause' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('export-schedules/sch_1/pause'))).toBe(true)
    );
  });

  it('shows the empty state when the tenant has no exports', async () => {
    installBackendSrv({ 'GET exports': { exports: [] }, 'GET catalog': catalog });
    renderWithApi(<ExportsPage />);
    expect(await screen.findByText('No exports yet')).toBeInTheDocument();
  });

  it('shows a loading state, then the problem message and code when listing fails', async () => {
    installBackendSrv({
      'GET exports': new HttpFailure(
        403,
        problem(403, 'FORBIDDEN', 'Exporting data needs the export.write permission (Editor).')
      ),
      'GET catalog': catalog,
    });
    renderWithApi(<ExportsPage />);
    expect(screen.getByText('Loading export jobs…')).toBeInTheDocument();
    expect(await screen.findByText('Exporting data needs the export.write permission (Editor).')).toBeInTheDocument();
    expect(screen.getByText('FORBIDDEN · HTTP 403')).toBeInTheDocument();
    expect(screen.queryByText('Loading export jobs…')).not.toBeInTheDocument();
  });

  it('polls while a job runs, moves the progress bar, and stops polling once it finished', async () => {
    jest.useFakeTimers();
    const answers = [
      exportJob({ rowsWritten: 100_000, rowsEstimated: 1_000_000 }),
      exportJob({ rowsWritten: 600_000, rowsEstimated: 1_000_000 }),
      exportJob({
        status: 'succeeded',
        rowsWritten: 1_000_000,
        rowsEstimated: 1_000_000,
        bytes: 52_428_800,
        finishedAt: '2026-11-25T09:01:00.000Z',
      }),
    ];
    let reads = 0;
    installBackendSrv({
      'GET exports': () => ({ exports: [answers[Math.min(reads++, answers.length - 1)]] }),
      'GET catalog': catalog,
    });
    renderWithApi(<ExportsPage />);
    const bar = () => within(row('exp_1')).getByRole('progressbar');
    await waitFor(() => expect(bar()).toHaveAttribute('aria-valuenow', '10'));
    await act(async () => {
      jest.advanceTimersByTime(EXPORT_POLL_MS);
    });
    await waitFor(() => expect(bar()).toHaveAttribute('aria-valuenow', '60'));
    expect(within(row('exp_1')).getByText('600,000 / 1,000,000 rows (60%)')).toBeInTheDocument();
    await act(async () => {
      jest.advanceTimersByTime(EXPORT_POLL_MS);
    });
    await waitFor(() => expect(within(row('exp_1')).getByText('succeeded')).toBeInTheDocument());
    expect(within(row('exp_1')).getByText('50.0 MiB')).toBeInTheDocument();
    expect(bar()).toHaveAttribute('aria-valuenow', '100');
    const readsWhenDone = reads;
    await act(async () => {
      jest.advanceTimersByTime(EXPORT_POLL_MS * 5);
    });
    expect(reads).toBe(readsWhenDone);
  });

  it('cancels, retries and deletes through the job API and re-reads the list', async () => {
    const calls = installBackendSrv({
      'GET exports': { exports: [exportJob(), failedJob, succeededJob] },
      'GET catalog': catalog,
      'POST exports/exp_1/cancel': exportJob({ status: 'cancelled' }),
      'POST exports/exp_3/retry': { ...failedJob, status: 'queued' },
      'DELETE exports/exp_2': '',
    });
    renderWithApi(<ExportsPage />);
    await userEvent.click(
      await within(await screen.findByTestId('export-exp_1')).findByRole('button', { name: 'Cancel' })
    );
    await userEvent.click(within(row('exp_3')).getByRole('button', { name: 'Retry' }));
    await userEvent.click(within(row('exp_2')).getByRole('button', { name: 'Delete export exp_2' }));
    await userEvent.click(within(row('exp_2')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
    const writes = calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.url}`);
    expect(writes).toEqual([
      'POST api/datasources/uid/semantest-ds/resources/exports/exp_1/cancel',
      'POST api/datasources/uid/semantest-ds/resources/exports/exp_3/retry',
      'DELETE api/datasources/uid/semantest-ds/resources/exports/exp_2',
    ]);
    // The first read, then one after each action (plus polls: exp_1 was running).
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'GET' && c.url.endsWith('/exports')).length).toBeGreaterThanOrEqual(4)
    );
  });

  it('opens the signed download link, and shows a refused action with its code', async () => {
    const open = jest.spyOn(window, 'open').mockImplementation(() => null);
    installBackendSrv({
      'GET exports': { exports: [succeededJob, failedJob] },
      'GET catalog': catalog,
      'GET exports/exp_2/download-url': {
        url: 'http://semantest:8080/api/v1/downloads/v1.abc.sig',
        expiresAt: '2026-11-25T10:00:00.000Z',
      },
      'POST exports/exp_3/retry': new HttpFailure(
        409,
        problem(
          409,
          'EXPORT_STATE_CONFLICT',
          'The export is running; only a failed or cancelled export can be retried.'
        )
      ),
    });
    renderWithApi(<ExportsPage />);
    await userEvent.click(
      await within(await screen.findByTestId('export-exp_2')).findByRole('button', { name: 'Download' })
    );
    await waitFor(() =>
      expect(open).toHaveBeenCalledWith('http://semantest:8080/api/v1/downloads/v1.abc.sig', '_blank', 'noopener')
    );
    expect(await screen.findByText(/valid until 2026-11-25 10:00 UTC/)).toBeInTheDocument();
    await userEvent.click(within(row('exp_3')).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Could not retry the export')).toBeInTheDocument();
    expect(screen.getByText('EXPORT_STATE_CONFLICT · HTTP 409')).toBeInTheDocument();
    open.mockRestore();
  });
});
