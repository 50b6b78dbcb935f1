import React from 'react';
import { Button, IconButton, InlineField, InlineFieldRow, Input, Select } from '@grafana/ui';

import { FIELD_FNS, METRIC_FIELDS, METRIC_FNS, type Metric, type MetricField, type MetricFn } from '../queryModel';

interface Props {
  metrics: Metric[];
  onChange: (metrics: Metric[]) => void;
  /** The dataset's functions and numeric fields from the catalog; the built-in lists when absent. */
  fns?: string[];
  fields?: string[];
}

/** One row per metric; a numeric field is asked for only by aggregations that need one (avg, p95…). */
export function MetricsEditor({ metrics, onChange, fns, fields }: Props) {
  const fnOptions = (fns && fns.length > 0 ? (fns as MetricFn[]) : METRIC_FNS).map((fn) => ({ label: fn, value: fn }));
  const fieldList = fields && fields.length > 0 ? (fields as MetricField[]) : METRIC_FIELDS;
  const fieldOptions = fieldList.map((f) => ({ label: f, value: f }));
  const defaultField = fieldList[0] ?? 'duration_ms';
  const set = (i: number, m: Metric) => onChange(metrics.map((x, j) => (j === i ? m : x)));
  return (
    <>
      {metrics.map((m, i) => (
        <InlineFieldRow key={i}>
          <InlineField label={i === 0 ? 'Metric' : ''} labelWidth={10}>
            <Select
              aria-label={`Metric ${i + 1} function`}
              width={20}
              options={fnOptions}
              value={m.fn}
              onChange={(v) => {
                const fn = v.value as MetricFn;
                set(i, FIELD_FNS.has(fn) ? { ...m, fn, field: m.field ?? defaultField } : { fn, alias: m.alias });
              }}
            />
          </InlineField>
          {FIELD_FNS.has(m.fn) && (
            <Select
              aria-label={`Metric ${i + 1} field`}
              width={16}
              options={fieldOptions}
              value={m.field ?? defaultField}
              onChange={(v) => set(i, { ...m, field: v.value })}
            />
          )}
          <Input
            aria-label={`Metric ${i + 1} alias`}
            width={18}
            placeholder="alias"
            value={m.alias ?? ''}
            onChange={(e) => set(i, { ...m, alias: e.currentTarget.value || undefined })}
          />
          {metrics.length > 1 && (
            <IconButton name="trash-alt" aria-label={`Remove metric ${i + 1}`} onClick={() => onChange(metrics.filter((_, j) => j !== i))} />
          )}
        </InlineFieldRow>
      ))}
      <Button variant="secondary" size="sm" icon="plus" onClick={() => onChange([...metrics, { fn: 'count' }])}>
        Metric
      </Button>
    </>
  );
}
