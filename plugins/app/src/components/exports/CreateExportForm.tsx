/**
 * "New export": dataset, columns (group-by dimensions and metrics), filters, time range, format,
 * compression and row limit, built from the backend's catalog so the menus only offer what the
 * dataset has. The backend compiles the query on create, so a bad query comes back at once as a
 * problem with its code (shown here), never as a failed job later.
 */
import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { Button, Field, Input, MultiSelect, RadioButtonGroup, Select, Stack, useStyles2 } from '@grafana/ui';

import { EXPORT_COMPRESSIONS, EXPORT_FORMATS } from '../../../../../backend/src/exports/formats.ts';
import { useApi } from '../../api/context';
import { toApiError, type ApiError } from '../../api/problem';
import type { Catalog, ExportJob, ExportSchedule } from '../../api/types';
import { ProblemAlert } from '../common/States';
import { FiltersEditor } from './FiltersEditor';
import { draftProblem, emptyDraft, RANGES, toCreateBody, toScheduleBody, type ExportDraft } from './exportQuery';

const metricOptions = (ds: Catalog['datasets'][number]): Array<SelectableValue<string>> =>
  ds.metrics.flatMap((m) =>
    m.fields && m.fields.length > 0
      ? m.fields.map((f) => ({ label: `${m.fn}(${f})`, value: `${m.fn}:${f}`, description: m.description }))
      : [{ label: m.fn, value: m.fn, description: m.description }]
  );

export function CreateExportForm({
  catalog,
  onCreated,
  onScheduled = () => {},
  onCancel,
}: {
  catalog: Catalog;
  onCreated: (job: ExportJob) => void;
  onScheduled?: (schedule: ExportSchedule) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const styles = useStyles2(getStyles);
  const datasets = catalog.datasets.filter((d) => d.queryable);
  const [draft, setDraft] = useState<ExportDraft>(() => emptyDraft(datasets[0]?.id));
  const [error, setError] = useState<ApiError>();
  const [sending, setSending] = useState(false);
  const dataset = datasets.find((d) => d.id === draft.dataset);
  const set = (patch: Partial<ExportDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const problem = draftProblem(draft);

  const submit = async () => {
    setSending(true);
    setError(undefined);
    try {
      if (draft.schedule.enabled) {
        onScheduled(await api.createSchedule(toScheduleBody(draft)));
      } else {
        onCreated(await api.createExport(toCreateBody(draft, Date.now())));
      }
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      className={styles.form}
      aria-label="New export"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap={2} wrap="wrap">
        <Field label="Dataset" className={styles.narrow}>
          <Select
            inputId="export-dataset"
            options={datasets.map((d) => ({ label: d.title, value: d.id, description: d.description }))}
            value={draft.dataset}
            onChange={(v) =>
              set({
                ...emptyDraft(v.value),
                format: draft.format,
                compression: draft.compression,
                range: draft.range,
                schedule: draft.schedule,
              })
            }
          />
        </Field>
        <Field label="Time range" className={styles.narrow}>
          <Select
            inputId="export-range"
            disabled={draft.schedule.enabled}
            options={RANGES.map((r) => ({ label: r.label, value: r.value }))}
            value={draft.schedule.enabled ? null : draft.range}
            placeholder="All rows (scheduled)"
            onChange={(v) => set({ range: v.value! })}
          />
        </Field>
        <Field label="Row limit" className={styles.narrow}>
          <Input
            id="export-limit"
            type="number"
            min={1}
            placeholder="all rows (server maximum)"
            value={draft.limit}
            onChange={(e) => set({ limit: e.currentTarget.value })}
          />
        </Field>
      </Stack>
      <Field label="Columns" description="Group-by dimensions, one row per combination">
        <MultiSelect
          inputId="export-groupby"
          options={(dataset?.dimensions ?? []).map((d) => ({ label: d.id, value: d.id, description: d.description }))}
          value={draft.groupBy}
          allowCustomValue={dataset?.labels ?? false}
          placeholder={dataset?.labels ? 'Dimensions, or label:<key>' : 'Dimensions'}
          onChange={(v) => set({ groupBy: v.map((o) => o.value!).filter(Boolean) })}
        />
      </Field>
      <Field label="Metrics" invalid={draft.metrics.length === 0} error="Pick at least one metric">
        <MultiSelect
          inputId="export-metrics"
          options={dataset ? metricOptions(dataset) : []}
          value={draft.metrics}
          onChange={(v) => set({ metrics: v.map((o) => o.value!).filter(Boolean) })}
        />
      </Field>
      <Field label="Pivot" description="Turn one column's values into columns (e.g. status → passed, failed …)">
        <Select
          inputId="export-pivot"
          width={32}
          isClearable
          disabled={draft.groupBy.length < 2}
          placeholder={draft.groupBy.length < 2 ? 'needs two or more columns' : 'no pivot'}
          options={draft.groupBy.map((g) => ({ label: g, value: g }))}
          value={draft.pivot || null}
          onChange={(v) => set({ pivot: v?.value ?? '' })}
        />
      </Field>
      <FiltersEditor
        filters={draft.filters}
        dimensions={(dataset?.dimensions ?? []).map((d) => d.id)}
        onChange={(filters) => set({ filters })}
      />
      <Stack gap={2} wrap="wrap">
        <Field label="Format">
          <RadioButtonGroup
            options={EXPORT_FORMATS.map((f) => ({ label: f.toUpperCase(), value: f }))}
            value={draft.format}
            onChange={(format) => set({ format })}
          />
        </Field>
        <Field label="Compression">
          <RadioButtonGroup
            options={EXPORT_COMPRESSIONS.map((c) => ({ label: c, value: c }))}
            value={draft.compression}
            onChange={(compression) => set({ compression })}
          />
        </Field>
      </Stack>
      <Field label="When">
        <RadioButtonGroup
          options={[
            { label: 'Once, now', value: false },
            { label: 'On a schedule', value: true },
          ]}
          value={draft.schedule.enabled}
          onChange={(enabled) => set({ schedule: { ...draft.schedule, enabled } })}
        />
      </Field>
      {draft.schedule.enabled && (
        <Stack gap={2} wrap="wrap">
          <Field label="Schedule name" className={styles.narrow}>
            <Input
              id="schedule-name"
              value={draft.schedule.name}
              onChange={(e) => set({ schedule: { ...draft.schedule, name: e.currentTarget.value } })}
            />
          </Field>
          <Field label="Cron" description="minute hour day month weekday" className={styles.narrow}>
            <Input
              id="schedule-cron"
              value={draft.schedule.cron}
              onChange={(e) => set({ schedule: { ...draft.schedule, cron: e.currentTarget.value } })}
            />
          </Field>
          <Field label="Time zone" className={styles.narrow}>
            <Input
              id="schedule-tz"
              value={draft.schedule.timezone}
              onChange={(e) => set({ schedule: { ...draft.schedule, timezone: e.currentTarget.value } })}
            />
          </Field>
        </Stack>
      )}
      {error && (
        <ProblemAlert
          error={error}
          title={draft.schedule.enabled ? 'The schedule was not created' : 'The export was not started'}
        />
      )}
      {problem && draft.metrics.length > 0 && <div className={styles.hint}>{problem}</div>}
      <Stack gap={1}>
        <Button type="submit" icon={sending ? 'spinner' : 'download-alt'} disabled={sending || problem !== null}>
          {draft.schedule.enabled ? 'Create schedule' : 'Start export'}
        </Button>
        <Button variant="secondary" fill="outline" onClick={onCancel}>
          Close
        </Button>
      </Stack>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
  }),
  narrow: css({ minWidth: 200 }),
  hint: css({ color: theme.colors.warning.text, marginBottom: theme.spacing(1) }),
});
