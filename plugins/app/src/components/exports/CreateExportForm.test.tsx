import React from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { catalog, exportJob, exportSchedule, problem } from '../../__fixtures__/api';
import { HttpFailure, installBackendSrv } from '../../__fixtures__/backendSrv';
import { renderWithApi } from '../../__fixtures__/render';
import { CreateExportForm } from './CreateExportForm';

describe('CreateExportForm', () => {
  it('sends the dataset, columns, format and compression the user picked', async () => {
    const calls = installBackendSrv({
      'POST exports': exportJob({ status: 'queued', rowsWritten: 0, rowsEstimated: null }),
    });
    const onCreated = jest.fn();
    renderWithApi(<CreateExportForm catalog={catalog} onCreated={onCreated} onCancel={() => {}} />);
    // Only datasets the caller may query are offered (audit is Admin-only here).
    await userEvent.click(screen.getByLabelText('Dataset'));
    expect(screen.queryByText('Audit log')).not.toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    await userEvent.type(screen.getByLabelText(/^Columns/), 'suite{Enter}');
    await userEvent.click(screen.getByLabelText('PARQUET'));
    await userEvent.click(screen.getByLabelText('gzip'));
    await userEvent.type(screen.getByLabelText(/^Row limit/), '1000');
    await userEvent.click(screen.getByRole('button', { name: 'Start export' }));
    await waitFor(() =>
      expect(onCreated).toHaveBeenCalledWith(expect.objectContaining({ id: 'exp_1', status: 'queued' }))
    );
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toBe('api/datasources/uid/semantest-ds/resources/exports');
    expect(post.data).toMatchObject({
      query: { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], groupBy: ['suite'], shape: 'table' },
      format: 'parquet',
      compression: 'gzip',
      limit: 1000,
    });
  });

  it('shows the backend refusal (problem detail and code) and keeps the form', async () => {
    installBackendSrv({
      'POST exports': new HttpFailure(
        400,
        problem(400, 'QUERY_UNKNOWN_FIELD', 'Dataset results has no field "browserz".')
      ),
    });
    const onCreated = jest.fn();
    renderWithApi(<CreateExportForm catalog={catalog} onCreated={onCreated} onCancel={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Start export' }));
    expect(await screen.findByText('Dataset results has no field "browserz".')).toBeInTheDocument();
    expect(screen.getByText('QUERY_UNKNOWN_FIELD · HTTP 400')).toBeInTheDocument();
    expect(screen.getByText('The export was not started')).toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('creates an export schedule instead when asked to run on a schedule', async () => {
    const calls = installBackendSrv({ 'POST export-schedules': exportSchedule() });
    const onScheduled = jest.fn();
    renderWithApi(
      <CreateExportForm catalog={catalog} onCreated={() => {}} onScheduled={onScheduled} onCancel={() => {}} />
    );
    await userEvent.click(screen.getByLabelText('On a schedule'));
    await userEvent.type(screen.getByLabelText('Schedule name'), 'Weekly counts');
    await userEvent.click(screen.getByRole('button', { name: 'Create schedule' }));
    await waitFor(() => expect(onScheduled).toHaveBeenCalled());
    expect(calls[0]!.data).toEqual({
      name: 'Weekly counts',
      cron: '0 6 * * 1',
      timezone: 'UTC',
      query: { version: 1, dataset: 'results', metrics: [{ fn: 'count' }], shape: 'table' },
      format: 'csv',
    });
  });

  it('will not send a filter without a value', async () => {
    installBackendSrv({});
    renderWithApi(<CreateExportForm catalog={catalog} onCreated={() => {}} onCancel={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    expect(screen.getByText('Every filter needs a field and a value.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start export' })).toBeDisabled();
  });
});
