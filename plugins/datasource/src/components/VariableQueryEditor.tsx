import React, { useEffect, useState } from 'react';
import { InlineField, InlineFieldRow, Input, Select } from '@grafana/ui';
import type { QueryEditorProps, SelectableValue } from '@grafana/data';

import type { DataSource } from '../datasource';
import type { SemantestOptions, SemantestQuery, SemantestVariableQuery } from '../types';

type Props = QueryEditorProps<DataSource, SemantestQuery, SemantestOptions, SemantestVariableQuery>;

/**
 * Picks the dimension whose values the variable lists, plus an optional fixed search. Options are
 * labelled by the dimension id (what queries and URLs use).
 */
export function VariableQueryEditor({ datasource, query, onChange }: Props) {
  const [dims, setDims] = useState<Array<SelectableValue<string>>>([]);
  useEffect(() => {
    datasource.getDimensions().then((d) => setDims(d.map((x) => ({ label: x.name, value: x.name }))));
  }, [datasource]);
  const q: SemantestVariableQuery = { refId: query.refId ?? 'Var', dimension: query.dimension ?? '', search: query.search };
  return (
    <InlineFieldRow>
      <InlineField label="Dimension" labelWidth={14}>
        <Select
          inputId="semantest-var-dimension"
          width={30}
          options={dims}
          value={q.dimension || null}
          allowCustomValue
          onChange={(v) => onChange({ ...q, dimension: v.value ?? '' })}
        />
      </InlineField>
      <InlineField label="Search" labelWidth={10} tooltip="Optional fixed filter; the dashboard's search box overrides it.">
        <Input
          id="semantest-var-search"
          width={20}
          value={q.search ?? ''}
          onChange={(e) => onChange({ ...q, search: e.currentTarget.value })}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
