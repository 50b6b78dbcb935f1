import React, { useCallback } from 'react';
import { AsyncMultiSelect, AsyncSelect, IconButton, InlineField, InlineFieldRow, Select, Button } from '@grafana/ui';
import type { SelectableValue, TimeRange } from '@grafana/data';

import type { DataSource } from '../datasource';
import { DIMENSIONS, FILTER_OPS, MULTI_VALUE_OPS, NO_VALUE_OPS, type Filter, type FilterOp } from '../queryModel';

interface Props {
  datasource: DataSource;
  filters: Filter[];
  onChange: (filters: Filter[]) => void;
  /** The dataset's dimensions from the catalog; the built-in list when absent. */
  dimensions?: string[];
  /** Suggestions come from this dataset and time range (a comparison dataset has rows only for a range). */
  dataset?: string;
  range?: TimeRange;
}

const opOptions = FILTER_OPS.map((o) => ({ label: o, value: o }));

/**
 * Filter rows; values are suggested by the backend (`values/<dimension>?q=&dataset=&from=&to=`) as
 * the user types, or from the dimension's fixed list (run_diff's `change`) without a request.
 */
export function FiltersEditor({ datasource, filters, onChange, dimensions, dataset, range }: Props) {
  const fieldOptions = (dimensions && dimensions.length > 0 ? dimensions : DIMENSIONS).map((d) => ({ label: d, value: d as string }));
  const set = (i: number, f: Filter) => onChange(filters.map((x, j) => (j === i ? f : x)));
  const load = useCallback(
    (field: string) => async (search: string) => {
      try {
        const values = await datasource.getValues(field, search, 50, { dataset, range });
        return values.map((v) => ({ label: v, value: v }));
      } catch {
        return [];
      }
    },
    [datasource, dataset, range]
  );

  return (
    <>
      {filters.map((f, i) => (
        <InlineFieldRow key={i}>
          <InlineField label={i === 0 ? 'Where' : 'And'} labelWidth={10}>
            <Select
              aria-label={`Filter ${i + 1} field`}
              width={20}
              options={fieldOptions}
              allowCustomValue
              value={f.field}
              onChange={(v) => set(i, { ...f, field: v.value ?? '', value: undefined })}
            />
          </InlineField>
          <Select
            aria-label={`Filter ${i + 1} operator`}
            width={12}
            options={opOptions}
            value={f.op}
            onChange={(v) => set(i, normaliseValue({ ...f, op: v.value as FilterOp }))}
          />
          {NO_VALUE_OPS.has(f.op) ? null : MULTI_VALUE_OPS.has(f.op) ? (
            <AsyncMultiSelect
              aria-label={`Filter ${i + 1} values`}
              width={30}
              key={`${dataset}:${f.field}-multi`}
              defaultOptions
              allowCustomValue
              loadOptions={load(f.field)}
              value={toArray(f.value).map((v) => ({ label: String(v), value: String(v) }))}
              onChange={(vs: Array<SelectableValue<string>>) => set(i, { ...f, value: vs.map((v) => v.value ?? '') })}
            />
          ) : (
            <AsyncSelect
              aria-label={`Filter ${i + 1} value`}
              width={30}
              key={`${dataset}:${f.field}-single`}
              defaultOptions
              allowCustomValue
              loadOptions={load(f.field)}
              value={f.value === undefined ? null : { label: String(f.value), value: String(f.value) }}
              onChange={(v: SelectableValue<string>) => set(i, { ...f, value: v.value })}
            />
          )}
          <IconButton name="trash-alt" aria-label={`Remove filter ${i + 1}`} onClick={() => onChange(filters.filter((_, j) => j !== i))} />
        </InlineFieldRow>
      ))}
      <Button variant="secondary" size="sm" icon="plus" onClick={() => onChange([...filters, { field: 'project', op: '=' }])}>
        Filter
      </Button>
    </>
  );
}

function toArray(v: Filter['value']): Array<string | number | boolean> {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Switching between single- and multi-value operators keeps what the user already picked. */
function normaliseValue(f: Filter): Filter {
  if (NO_VALUE_OPS.has(f.op)) {
    return { field: f.field, op: f.op };
  }
  if (MULTI_VALUE_OPS.has(f.op)) {
    return { ...f, value: toArray(f.value) };
  }
  return { ...f, value: Array.isArray(f.value) ? f.value[0] : f.value };
}
