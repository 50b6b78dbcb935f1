import React, { useState } from 'react';
import { InlineField, InlineFieldRow, Input, MultiSelect, RadioButtonGroup, Select } from '@grafana/ui';
import type { SelectableValue } from '@grafana/data';

import type { OrderBy } from '../queryModel';
import type { RowColumn } from '../types';

interface Props {
  columns: string[];
  orderBy: OrderBy[];
  limit?: number;
  /** The dataset's row columns from the catalog. */
  rowColumns: RowColumn[];
  /** The rows carry labels: `label:<key>` may be typed in as a column. */
  labels: boolean;
  onChange: (patch: { columns?: string[]; orderBy?: OrderBy[]; limit?: number }) => void;
}

const dirOptions: Array<SelectableValue<OrderBy['dir']>> = [
  { label: 'Desc', value: 'desc' },
  { label: 'Asc', value: 'asc' },
];

/**
 * The `rows` shape's part of the builder: which columns to read, one ordering column (the backend
 * orders only by a selected column, so only those are offered) and a row limit.
 */
export function RowsEditor({ columns, orderBy, limit, rowColumns, labels, onChange }: Props) {
  const [limitText, setLimitText] = useState(limit ? String(limit) : '');
  const options = rowColumns.map((c) => ({ label: c.id, value: c.id, description: c.description }));
  const order = orderBy[0];
  const setColumns = (next: string[]) => {
    // An order on a column no longer read would be refused: it goes with the column.
    const kept = orderBy.filter((o) => next.includes(o.by));
    onChange(kept.length === orderBy.length ? { columns: next } : { columns: next, orderBy: kept });
  };
  return (
    <>
      <InlineField label="Columns" labelWidth={10} tooltip={labels ? 'Type label:<key> to read a label' : undefined}>
        <MultiSelect
          aria-label="Columns"
          width={80}
          allowCustomValue={labels}
          isValidNewOption={(v: string) => /^label:[A-Za-z0-9_.-]+$/.test(v)}
          options={options}
          value={columns}
          onChange={(v: Array<SelectableValue<string>>) => setColumns(v.map((x) => x.value!))}
        />
      </InlineField>
      <InlineFieldRow>
        <InlineField label="Order by" labelWidth={10}>
          <Select
            aria-label="Order by"
            width={24}
            isClearable
            placeholder="as read"
            options={columns.map((c) => ({ label: c, value: c }))}
            value={order?.by ?? null}
            onChange={(v) => onChange({ orderBy: v?.value ? [{ by: v.value, dir: order?.dir ?? 'desc' }] : [] })}
          />
        </InlineField>
        {order && (
          <RadioButtonGroup
            options={dirOptions}
            value={order.dir}
            onChange={(dir) => onChange({ orderBy: [{ ...order, dir }, ...orderBy.slice(1)] })}
          />
        )}
        <InlineField label="Limit" labelWidth={8} tooltip="Most rows to return; empty = the backend's default">
          <Input
            aria-label="Limit"
            width={12}
            type="number"
            min={1}
            placeholder="default"
            value={limitText}
            onChange={(e) => setLimitText(e.currentTarget.value)}
            onBlur={() => onChange({ limit: Number(limitText) > 0 ? Math.floor(Number(limitText)) : undefined })}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}
