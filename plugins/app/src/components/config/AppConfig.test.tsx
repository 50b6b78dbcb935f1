import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AppPluginMeta, GrafanaPlugin } from '@grafana/data';

import { HttpFailure, installBackendSrv, DS_UID } from '../../__fixtures__/backendSrv';
import type { AppSettings } from '../../types';
import { AppConfig } from './AppConfig';

// The real picker needs Grafana's DataSourceSrv; this stand-in records the filter it was given.
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  DataSourcePicker: (p: { pluginId: string; current: string | null; onChange: (ds: { uid: string }) => void }) => (
    <select
      aria-label="Semantest datasource"
      data-plugin-id={p.pluginId}
      value={p.current ?? ''}
      onChange={(e) => p.onChange({ uid: e.target.value })}
    >
      <option value="">none</option>
      <option value={DS_UID}>Semantest</option>
      <option value="other-ds">Other Semantest</option>
    </select>
  ),
}));

const plugin = (jsonData: AppSettings, enabled = true) =>
  ({
    meta: { id: 'semantest-analytics-app', enabled, pinned: true, jsonData } as AppPluginMeta<AppSettings>,
  }) as GrafanaPlugin<AppPluginMeta<AppSettings>>;

describe('AppConfig', () => {
  it('offers only Semantest datasources and tests the connection through the datasource health check', async () => {
    const calls = installBackendSrv({
      [`GET api/datasources/uid/${DS_UID}/health`]: {
        status: 'OK',
        message: 'Connected to tenant acme as grafana key smt_grafana_1a2b',
      },
    });
    render(<AppConfig plugin={plugin({ datasourceUid: DS_UID })} query={{}} />);
    expect(screen.getByLabelText('Semantest datasource')).toHaveAttribute(
      'data-plugin-id',
      'semantest-analytics-datasource'
    );
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connected to tenant acme as grafana key smt_grafana_1a2b')).toBeInTheDocument();
    expect(calls.map((c) => c.url)).toEqual([`api/datasources/uid/${DS_UID}/health`]);
  });

  it('shows a failed health check with its message', async () => {
    installBackendSrv({
      [`GET api/datasources/uid/${DS_UID}/health`]: new HttpFailure(400, {
        status: 'ERROR',
        message: 'backend answered 401: AUTH_INVALID_KEY',
      }),
    });
    render(<AppConfig plugin={plugin({ datasourceUid: DS_UID })} query={{}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connection failed')).toBeInTheDocument();
    expect(screen.getByText('backend answered 401: AUTH_INVALID_KEY')).toBeInTheDocument();
  });

  it('saves the chosen datasource uid in jsonData and stores no secret', async () => {
    const calls = installBackendSrv({ 'POST api/plugins/semantest-analytics-app/settings': {} });
    render(<AppConfig plugin={plugin({}, false)} query={{}} />);
    expect(screen.getByRole('button', { name: 'Test connection' })).toBeDisabled();
    await userEvent.selectOptions(screen.getByLabelText('Semantest datasource'), 'other-ds');
    await userEvent.click(screen.getByRole('button', { name: 'Enable and save' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.data).toEqual({ enabled: true, pinned: true, jsonData: { datasourceUid: 'other-ds' } });
    expect(calls[0]!.data).not.toHaveProperty('secureJsonData');
  });
});
