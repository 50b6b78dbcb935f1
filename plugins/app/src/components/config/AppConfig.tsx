/**
 * App configuration: which Semantest datasource the app talks through. The app stores no key:
 * the datasource holds the tenant key (secureJsonData) and forwards the signed-in user's
 * identity, so exports and reports run under that user's policies. "Test connection" runs the
 * datasource's health check (which calls the backend's whoami with the key).
 */
import React, { useState } from 'react';
import { lastValueFrom } from 'rxjs';
import type { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { DataSourcePicker, getBackendSrv, locationService } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Stack } from '@grafana/ui';

import { SemantestApi } from '../../api/client';
import { toApiError, type ApiError } from '../../api/problem';
import { DATASOURCE_TYPE, PLUGIN_ID } from '../../constants';
import type { AppSettings } from '../../types';
import { ProblemAlert } from '../common/States';

export type AppConfigProps = PluginConfigPageProps<AppPluginMeta<AppSettings>>;

export function AppConfig({ plugin }: AppConfigProps) {
  const { enabled, pinned, jsonData } = plugin.meta;
  const [uid, setUid] = useState<string | undefined>(jsonData?.datasourceUid);
  const [test, setTest] = useState<{ ok: true; message: string } | { ok: false; error: ApiError }>();
  const [testing, setTesting] = useState(false);
  const [saveError, setSaveError] = useState<ApiError>();

  const save = async (enable: boolean) => {
    setSaveError(undefined);
    try {
      await lastValueFrom(
        getBackendSrv().fetch({
          url: `api/plugins/${PLUGIN_ID}/settings`,
          method: 'POST',
          data: { enabled: enable, pinned: enable ? true : pinned, jsonData: { ...jsonData, datasourceUid: uid } },
          showErrorAlert: false,
        })
      );
      // Grafana caches plugin settings in the page; a reload picks up the new ones.
      locationService.reload();
    } catch (err) {
      setSaveError(toApiError(err));
    }
  };

  const runTest = async () => {
    if (!uid) {
      return;
    }
    setTesting(true);
    setTest(undefined);
    try {
      const res = await new SemantestApi(uid).health();
      setTest(
        res.status === 'OK'
          ? { ok: true, message: res.message }
          : {
              ok: false,
              error: toApiError({ status: 400, data: { detail: res.message, code: 'HEALTH_CHECK_FAILED' } }),
            }
      );
    } catch (err) {
      setTest({ ok: false, error: toApiError(err) });
    } finally {
      setTesting(false);
    }
  };

  return (
    <FieldSet label="Semantest connection">
      <Field
        label="Semantest datasource"
        description="Exports and reports are read through this datasource: it adds the tenant key and forwards your Grafana identity, so the key never reaches the browser."
      >
        <DataSourcePicker
          pluginId={DATASOURCE_TYPE}
          current={uid ?? null}
          noDefault
          width={40}
          onChange={(ds) => setUid(ds.uid)}
        />
      </Field>
      <Stack gap={1}>
        <Button
          variant="secondary"
          icon={testing ? 'spinner' : 'heart-rate'}
          disabled={!uid || testing}
          onClick={runTest}
        >
          Test connection
        </Button>
        <Button disabled={!uid} onClick={() => save(true)}>
          {enabled ? 'Save settings' : 'Enable and save'}
        </Button>
        {enabled && (
          <Button variant="destructive" fill="outline" onClick={() => save(false)}>
            Disable
          </Button>
        )}
      </Stack>
      {test?.ok && (
        <Alert severity="success" title="Connected" style={{ marginTop: 16 }}>
          {test.message}
        </Alert>
      )}
      {test && !test.ok && <ProblemAlert error={test.error} title="Connection failed" />}
      {saveError && <ProblemAlert error={saveError} title="Settings were not saved" />}
    </FieldSet>
  );
}
