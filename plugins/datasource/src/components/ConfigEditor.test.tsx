import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';

import { ConfigEditor } from './ConfigEditor';
import type { SemantestOptions, SemantestSecureJsonData } from '../types';

function settings(over: Partial<DataSourceSettings<SemantestOptions, SemantestSecureJsonData>> = {}) {
  return {
    id: 1, uid: 'sem', orgId: 2, name: 'Semantest', type: 'semantest-analytics-datasource', typeName: '', typeLogoUrl: '',
    access: 'proxy', url: '', user: '', database: '', basicAuth: false, basicAuthUser: '', isDefault: false,
    jsonData: { url: 'http://semantest:8080' }, secureJsonFields: {}, readOnly: false, withCredentials: false,
    ...over,
  } as DataSourceSettings<SemantestOptions, SemantestSecureJsonData>;
}

describe('ConfigEditor', () => {
  it('edits the backend URL in jsonData', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByDisplayValue('http://semantest:8080'), { target: { value: ' http://sem:9000 ' } });
    expect(onOptionsChange).toHaveBeenLastCalledWith(expect.objectContaining({ jsonData: { url: 'http://sem:9000' } }));
  });

  it('writes the key only to secureJsonData', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByPlaceholderText('sk_grafana_…'), { target: { value: 'sk_grafana_x' } });
    const next = onOptionsChange.mock.calls.at(-1)[0];
    expect(next.secureJsonData).toEqual({ apiKey: 'sk_grafana_x' });
    expect(JSON.stringify(next.jsonData)).not.toContain('sk_grafana_x');
  });

  it('shows a saved key as configured without its value, and can reset it', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings({ secureJsonFields: { apiKey: true } })} onOptionsChange={onOptionsChange} />);
    expect(screen.getByDisplayValue('configured')).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: /reset/i }));
    expect(onOptionsChange.mock.calls.at(-1)[0]).toMatchObject({ secureJsonFields: { apiKey: false }, secureJsonData: { apiKey: '' } });
  });

  it('stores numeric advanced settings', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    fireEvent.change(document.getElementById('semantest-stream-rate')!, { target: { value: '4' } });
    expect(onOptionsChange.mock.calls.at(-1)[0].jsonData.streamMaxPerSecond).toBe(4);
  });
});
