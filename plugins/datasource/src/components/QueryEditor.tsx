import React, { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  Input,
  MultiSelect,
  RadioButtonGroup,
  Select,
  Stack,
  Text,
} from '@grafana/ui';
import { rangeUtil, type QueryEditorProps, type SelectableValue } from '@grafana/data';
import { config } from '@grafana/runtime';

import type { DataSource } from '../datasource';
import { migrateQuery, needsMigration } from '../migrate';
import { fitToDataset } from '../fitDataset';
import { allowsRows, fitToShape } from '../fitShape';
import { DATASETS, DIMENSIONS, SHAPES, defaultModel, hasTimeBuckets, isRows, type Dimension, type Shape } from '../queryModel';
import type { DatasetSpec, SemantestOptions, SemantestQuery } from '../types';
import { CompareEditor } from './CompareEditor';
import { FiltersEditor } from './FiltersEditor';
import { MetricsEditor } from './MetricsEditor';
import { RowsEditor } from './RowsEditor';

type Props = QueryEditorProps<DataSource, SemantestQuery, SemantestOptions>;

const shapeOptions: Array<SelectableValue<Shape>> = [
  { label: 'Time series', value: 'timeseries_long' },
  { label: 'Wide series', value: 'timeseries_wide' },
  { label: 'Table', value: 'table' },
  { label: 'Single value', value: 'single' },
  { label: 'Rows (raw)', value: 'rows', description: 'Raw rows, the columns you pick; no aggregation' },
];

/** Visual builder over the query model. Saved queries of older model versions are migrated on load. */
export function QueryEditor({ datasource, query, onChange, onRunQuery, data, range }: Props) {
  useEffect(() => {
    if (needsMigration(query)) {
      onChange(migrateQuery(query));
    }
  }, [query, onChange]);
  const q: SemantestQuery = needsMigration(query) ? migrateQuery(query) : query;
  const [datasetOptions, setDatasetOptions] = useState<Array<SelectableValue<string>>>(DATASETS.map((d) => ({ label: d, value: d })));
  useEffect(() => {
    datasource.getDatasets().then((list) => setDatasetOptions(list.map((d) => ({ label: d.id, value: d.id, description: d.title }))));
  }, [datasource]);
  const [dims, setDims] = useState<string[]>(DIMENSIONS);
  useEffect(() => {
    datasource.getDimensions(q.dataset).then((d) => setDims(d.map((x) => x.name)));
  }, [datasource, q.dataset]);
  const [specs, setSpecs] = useState<Record<string, DatasetSpec>>({});
  useEffect(() => {
    datasource.getDatasetSpecs().then(setSpecs);
  }, [datasource]);
  const spec = q.dataset ? specs[q.dataset] : undefined;
  // Raw rows only where the catalog lists the shape and its columns (never without a catalog).
  const shapes = shapeOptions.filter((o) => (isRows(o.value) ? allowsRows(spec) : !spec?.shapes || spec.shapes.includes(o.value!)));
  const [interval, setIntervalText] = useState(q.bucketIntervalMs ? rangeUtil.secondsToHms(q.bucketIntervalMs / 1000) : '');

  const update = (patch: Partial<SemantestQuery>, run = true) => {
    onChange({ ...q, ...patch });
    if (run) {
      onRunQuery();
    }
  };
  /** Switching keeps only what the new dataset accepts (fitDataset.ts), so the query stays valid. */
  const changeDataset = (dataset: string) => {
    onChange(fitToDataset(q, dataset, specs[dataset]));
    onRunQuery();
  };
  /** Into or out of rows: metrics/grouping and columns swap (fitShape.ts). */
  const changeShape = (next: Shape) => {
    onChange(fitToShape(q, next, spec));
    onRunQuery();
  };
  // Interval and legend shape time series only; a table or a single value (all run_diff answers) has neither.
  const shape = q.shape ?? ((spec?.shapes?.[0] as Shape | undefined) ?? SHAPES[0]!);
  const series = hasTimeBuckets(shape);
  const rows = isRows(shape);
  const errors = useMemo(
    () => (data?.errors ?? (data?.error ? [data.error] : [])).filter((e) => !e.refId || e.refId === q.refId),
    [data, q.refId]
  );
  const sql = data?.series.find((s) => s.refId === q.refId)?.meta?.executedQueryString;
  const isAdmin = config.bootData?.user?.orgRole === 'Admin';
  const live = q.queryType === 'stream';

  return (
    <Stack direction="column" gap={1} alignItems="flex-start">
      <InlineFieldRow>
        <InlineField label="Live" labelWidth={10} tooltip="Stream upload batches as they arrive (Grafana Live)">
          <InlineSwitch
            aria-label="Live stream"
            value={live}
            onChange={(e) => update(e.currentTarget.checked ? { queryType: 'stream' } : { queryType: 'model', ...(q.metrics ? {} : defaultModel()) })}
          />
        </InlineField>
        {!live && (
          <InlineField label="Dataset" labelWidth={10}>
            {datasetOptions.length <= 5 ? (
              <RadioButtonGroup options={datasetOptions} value={q.dataset} onChange={changeDataset} />
            ) : (
              <Select
                aria-label="Dataset"
                width={28}
                options={datasetOptions}
                value={q.dataset}
                onChange={(v) => v.value && changeDataset(v.value)}
              />
            )}
          </InlineField>
        )}
      </InlineFieldRow>
      {live && (
        // Without it a live query is a lone switch: say what the panel will receive.
        <Text color="secondary" variant="bodySmall">
          Streams this organization&apos;s uploads as they arrive: per batch, the runs and results written and how many passed, failed
          and were skipped.
        </Text>
      )}
      {!live && (
        <>
          {spec?.compare && (
            <CompareEditor
              key={`${q.refId}:${q.dataset}`}
              compare={q.compare}
              onChange={(compare, run) => {
                const { compare: _old, ...rest } = q;
                onChange(compare ? { ...rest, compare } : rest);
                if (run) {
                  onRunQuery();
                }
              }}
            />
          )}
          {rows ? (
            <RowsEditor
              key={`${q.refId}:${q.dataset}`}
              columns={q.columns ?? []}
              orderBy={q.orderBy ?? []}
              limit={q.limit}
              rowColumns={spec?.rowColumns ?? []}
              labels={!!spec?.labels}
              onChange={(patch) => update(patch)}
            />
          ) : (
            <>
              <MetricsEditor metrics={q.metrics ?? []} onChange={(metrics) => update({ metrics })} fns={spec?.metricFns} fields={spec?.metricFields} />
              <InlineField label="Group by" labelWidth={10}>
                <MultiSelect
                  aria-label="Group by"
                  width={60}
                  allowCustomValue
                  options={dims.map((d) => ({ label: d, value: d }))}
                  value={q.groupBy ?? []}
                  onChange={(v: Array<SelectableValue<string>>) => update({ groupBy: v.map((x) => x.value as Dimension) })}
                />
              </InlineField>
            </>
          )}
          <FiltersEditor
            datasource={datasource}
            filters={q.filters ?? []}
            onChange={(filters) => update({ filters })}
            dimensions={dims}
            dataset={q.dataset}
            range={range}
          />
          <InlineFieldRow>
            {series && (
              <InlineField label="Interval" labelWidth={10} tooltip="Bucket size, e.g. 5m; empty = Grafana's interval">
                <Input
                  aria-label="Interval"
                  width={12}
                  value={interval}
                  placeholder="auto"
                  onChange={(e) => setIntervalText(e.currentTarget.value)}
                  onBlur={() => update({ bucketIntervalMs: interval ? rangeUtil.intervalToMs(interval) : undefined })}
                />
              </InlineField>
            )}
            <InlineField label="Shape" labelWidth={series ? 8 : 10}>
              <Select aria-label="Shape" width={18} options={shapes} value={shape} onChange={(v) => changeShape(v.value ?? SHAPES[0]!)} />
            </InlineField>
            {series && (
              <InlineField label="Legend" labelWidth={10} tooltip="e.g. {{project}} – {{branch}}">
                <Input
                  aria-label="Legend format"
                  width={28}
                  value={q.legendFormat ?? ''}
                  placeholder="{{project}}"
                  onChange={(e) => update({ legendFormat: e.currentTarget.value }, false)}
                  onBlur={onRunQuery}
                />
              </InlineField>
            )}
          </InlineFieldRow>
        </>
      )}
      {errors.map((e, i) => (
        <Alert key={i} severity="error" title={`Query ${q.refId} failed`}>
          {e.message}
        </Alert>
      ))}
      {isAdmin && sql && (
        <details>
          <summary>Compiled SQL (admins only)</summary>
          <pre data-testid="semantest-sql">{sql}</pre>
        </details>
      )}
    </Stack>
  );
}
