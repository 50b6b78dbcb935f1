import React from 'react';
import { act, render, screen } from '@testing-library/react';
import { locationService } from '@grafana/runtime';
import type { AppRootProps } from '@grafana/data';

import { catalog, report, run, succeededJob } from '../__fixtures__/api';
import { installBackendSrv, DS_UID } from '../__fixtures__/backendSrv';
import type { AppSettings } from '../types';
import { App } from './App';

const props = (jsonData: AppSettings) =>
  ({
    meta: { id: 'semantest-analytics-app', jsonData },
    basename: '/a/semantest-analytics-app',
  }) as unknown as AppRootProps<AppSettings>;

describe('App', () => {
  beforeEach(() => {
    installBackendSrv({
      'GET exports': { exports: [succeededJob] },
      'GET catalog': catalog,
      'GET reports': { reports: [report()] },
      'GET reports/rep_weekly/runs': { runs: [run()] },
    });
  });

  it('asks for a datasource before anything else', () => {
    render(<App {...props({})} />);
    expect(screen.getByText('Pick a Semantest datasource first')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Open the app configuration/ })).toHaveAttribute(
      'href',
      expect.stringContaining('plugins/semantest-analytics-app')
    );
  });

  it('shows the Export Manager by default and Reports under /reports, following navigation', async () => {
    locationService.push('/a/semantest-analytics-app');
    render(<App {...props({ datasourceUid: DS_UID })} />);
    expect(await screen.findByTestId(`export-${succeededJob.id}`)).toBeInTheDocument();
    act(() => locationService.push('/a/semantest-analytics-app/reports'));
    expect(await screen.findByText('Weekly test health')).toBeInTheDocument();
    expect(screen.queryByTestId(`export-${succeededJob.id}`)).not.toBeInTheDocument();
  });
});
