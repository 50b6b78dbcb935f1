import React, { type ChangeEvent } from 'react';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';

import type { SemantestOptions, SemantestSecureJsonData } from '../types';

type Props = DataSourcePluginOptionsEditorProps<SemantestOptions, SemantestSecureJsonData>;

/**
 * Backend URL and the tenant's key of kind "grafana". The key is write-only: once saved, Grafana
 * sends only `secureJsonFields.apiKey = true` to the browser, never the value.
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields, secureJsonData } = options;

  const setJson = <K extends keyof SemantestOptions>(key: K, value: SemantestOptions[K]) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, [key]: value } });

  const numberOrUndefined = (e: ChangeEvent<HTMLInputElement>) =>
    e.target.value === '' ? undefined : Number(e.target.value);

  return (
    <>
      <FieldSet label="Semantest backend">
        <Field label="Backend URL" description="Reached by the Grafana server only, e.g. http://semantest:8080" required>
          <Input
            id="semantest-url"
            width={50}
            value={jsonData.url ?? ''}
            placeholder="http://semantest:8080"
            onChange={(e: ChangeEvent<HTMLInputElement>) => setJson('url', e.target.value.trim())}
          />
        </Field>
        <Field label="Grafana key" description="The tenant's key of kind “grafana” (Semantest admin → Keys)." required>
          <SecretInput
            id="semantest-key"
            width={50}
            isConfigured={Boolean(secureJsonFields?.apiKey)}
            value={secureJsonData?.apiKey ?? ''}
            placeholder="sk_grafana_…"
            onChange={(e: ChangeEvent<HTMLInputElement>) =>
              onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, apiKey: e.target.value } })
            }
            onReset={() =>
              onOptionsChange({
                ...options,
                secureJsonFields: { ...secureJsonFields, apiKey: false },
                secureJsonData: { ...secureJsonData, apiKey: '' },
              })
            }
          />
        </Field>
      </FieldSet>
      <FieldSet label="Advanced">
        <Field label="Timeout (seconds)" description="Per backend request; default 30.">
          <Input
            id="semantest-timeout"
            type="number"
            min={1}
            width={12}
            value={jsonData.timeoutSeconds ?? ''}
            onChange={(e: ChangeEvent<HTMLInputElement>) => setJson('timeoutSeconds', numberOrUndefined(e))}
          />
        </Field>
        <Field
          label="Live updates per second"
          description="Upper bound of frames per channel pushed to browsers; bursts are merged. Default 10."
        >
          <Input
            id="semantest-stream-rate"
            type="number"
            min={0.1}
            step={0.1}
            width={12}
            value={jsonData.streamMaxPerSecond ?? ''}
            onChange={(e: ChangeEvent<HTMLInputElement>) => setJson('streamMaxPerSecond', numberOrUndefined(e))}
          />
        </Field>
      </FieldSet>
    </>
  );
}
