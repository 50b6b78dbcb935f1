import React from 'react';
import { Button, IconButton, InlineField, InlineFieldRow, Input, Select } from '@grafana/ui';

import { FIELD_FNS, METRIC_FIELDS, METRIC_FNS, type Metric, type MetricFn } from '../queryModel';

const fnOptions = METRIC_FNS.map((fn) => ({ label: fn, value: fn }));
const fieldOptions = METRIC_FIELDS.map((f) => ({ label: f, value: f }));

interface Props {
  metrics: Metric[];
  onChange: (metrics: Metric[]) => void;
}

/** One row per metric; a numeric field is asked for only by aggregations that need one (avg, p95…). */
export function MetricsEditor({ metrics, onChange }: Props) {
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
                set(i, FIELD_FNS.has(fn) ? { ...m, fn, field: m.field ?? 'duration_ms' } : { fn, alias: m.alias });
              }}
            />
          </InlineField>
          {FIELD_FNS.has(m.fn) && (
            <Select
              aria-label={`Metric ${i + 1} field`}
              width={16}
              options={fieldOptions}
              value={m.field ?? 'duration_ms'}
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
