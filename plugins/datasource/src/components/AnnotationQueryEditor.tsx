import React from 'react';
import { InlineField, RadioButtonGroup } from '@grafana/ui';
import type { AnnotationQuery, QueryEditorProps } from '@grafana/data';

import type { DataSource } from '../datasource';
import type { AnnotationKind, SemantestOptions, SemantestQuery } from '../types';
import { FiltersEditor } from './FiltersEditor';

type Props = QueryEditorProps<DataSource, SemantestQuery, SemantestOptions> & {
  annotation?: AnnotationQuery<SemantestQuery>;
  onAnnotationChange?: (annotation: AnnotationQuery<SemantestQuery>) => void;
};

const KINDS = [
  { label: 'Failed runs', value: 'failed_runs' as AnnotationKind },
  { label: 'New failures', value: 'new_failures' as AnnotationKind },
];

export function AnnotationQueryEditor({ datasource, query, onChange }: Props) {
  const q: SemantestQuery = { ...query, queryType: 'annotations', annotationKind: query.annotationKind ?? 'failed_runs' };
  return (
    <>
      <InlineField label="Show" labelWidth={14}>
        <RadioButtonGroup options={KINDS} value={q.annotationKind} onChange={(v) => onChange({ ...q, annotationKind: v })} />
      </InlineField>
      <FiltersEditor datasource={datasource} filters={q.filters ?? []} onChange={(filters) => onChange({ ...q, filters })} />
    </>
  );
}
