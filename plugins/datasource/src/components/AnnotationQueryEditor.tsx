import React, { useEffect, useState } from 'react';
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

/** The dataset each kind reads and validates its filters against (backend/src/query/annotations.ts). */
const DATASET: Record<AnnotationKind, string> = { failed_runs: 'runs', new_failures: 'results' };

export function AnnotationQueryEditor({ datasource, query, onChange, range }: Props) {
  const q: SemantestQuery = { ...query, queryType: 'annotations', annotationKind: query.annotationKind ?? 'failed_runs' };
  const dataset = DATASET[q.annotationKind!];
  // Filter fields and value suggestions of that dataset: a field it lacks would fail the annotation query.
  const [dims, setDims] = useState<string[] | undefined>();
  useEffect(() => {
    datasource.getDimensions(dataset).then((d) => setDims(d.map((x) => x.name)));
  }, [datasource, dataset]);
  return (
    <>
      <InlineField label="Show" labelWidth={14}>
        <RadioButtonGroup options={KINDS} value={q.annotationKind} onChange={(v) => onChange({ ...q, annotationKind: v })} />
      </InlineField>
      <FiltersEditor
        datasource={datasource}
        filters={q.filters ?? []}
        onChange={(filters) => onChange({ ...q, filters })}
        dimensions={dims}
        dataset={dataset}
        range={range}
      />
    </>
  );
}
