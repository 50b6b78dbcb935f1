/** Filter rows of the export form: field, operator, value (comma-separated for in / not in). */
import React from 'react';
import { Button, Field, IconButton, Input, Select, Stack } from '@grafana/ui';

import { FILTER_OPS, NO_VALUE_OPS, type FilterDraft } from './exportQuery';

export function FiltersEditor({
  filters,
  dimensions,
  onChange,
}: {
  filters: FilterDraft[];
  dimensions: string[];
  onChange: (f: FilterDraft[]) => void;
}) {
  const update = (i: number, patch: Partial<FilterDraft>) =>
    onChange(filters.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <Field label="Filters">
      <Stack direction="column" gap={1}>
        {filters.map((f, i) => (
          <Stack key={i} gap={1} alignItems="center">
            <Select
              aria-label={`Filter ${i + 1} field`}
              width={24}
              options={dimensions.map((d) => ({ label: d, value: d }))}
              value={f.field || null}
              allowCustomValue
              placeholder="field"
              onChange={(v) => update(i, { field: v.value ?? '' })}
            />
            <Select
              aria-label={`Filter ${i + 1} operator`}
              width={14}
              options={FILTER_OPS.map((o) => ({ label: o, value: o }))}
              value={f.op}
              onChange={(v) => update(i, { op: v.value! })}
            />
            {!NO_VALUE_OPS.includes(f.op) && (
              <Input
                aria-label={`Filter ${i + 1} value`}
                width={32}
                placeholder={f.op === 'in' || f.op === 'not_in' ? 'a, b, c' : 'value'}
                value={f.value}
                onChange={(e) => update(i, { value: e.currentTarget.value })}
              />
            )}
            <IconButton
              name="trash-alt"
              tooltip="Remove filter"
              onClick={() => onChange(filters.filter((_, j) => j !== i))}
            />
          </Stack>
        ))}
        <div>
          <Button
            size="sm"
            variant="secondary"
            icon="plus"
            onClick={() => onChange([...filters, { field: '', op: '=', value: '' }])}
          >
            Add filter
          </Button>
        </div>
      </Stack>
    </Field>
  );
}
