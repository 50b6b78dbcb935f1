/**
 * Test health matrix: a categorical grid (rows × columns from two string fields) coloured by
 * pass rate through the field config (unit, thresholds, colour scheme). Activating a cell sets
 * the configured dashboard variables, e.g. `var-suite` and `var-environment`.
 */
import React, { useCallback, useId, useMemo } from 'react';
import type { PanelProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { useTheme2 } from '@grafana/ui';
import { displayFor } from '../../../shared/src/display';
import { PanelMessage } from '../../../shared/src/PanelMessage';
import { panelStatus } from '../../../shared/src/panelStatus';
import { buildMatrix } from '../matrixModel';
import type { HealthMatrixOptions } from '../types';
import { gridLayout } from './gridLayout';
import { MatrixGrid } from './MatrixGrid';
import type { Position } from '../../../shared/src/useGridKeyboard';

type Props = PanelProps<HealthMatrixOptions>;

export function HealthMatrixPanel({ data, options, width, height }: Props) {
  const theme = useTheme2();
  const id = useId().replace(/:/g, '');
  const { rowField, columnField, valueField, countField } = options;
  const model = useMemo(
    () => buildMatrix(data.series, { rowField, columnField, valueField, countField }),
    [data.series, rowField, columnField, valueField, countField]
  );
  const display = useMemo(
    () => (model.valueField ? displayFor(model.valueField, theme) : () => ({ text: '–', color: theme.colors.background.secondary })),
    [model.valueField, theme]
  );
  const countText = useCallback(
    (n: number | undefined) => (n === undefined ? '' : `${n.toLocaleString()} ${model.countField?.config.displayName ?? model.countField?.name ?? 'results'}`),
    [model.countField]
  );
  const layout = useMemo(
    () => gridLayout(model.rows, model.cols.length, width, height, options.minCellWidth, options.minCellHeight),
    [model.rows, model.cols.length, width, height, options.minCellWidth, options.minCellHeight]
  );

  const { rowVariable, columnVariable } = options;
  const canActivate = Boolean(rowVariable || columnVariable);
  const onActivate = useCallback(
    ({ row, col }: Position) => {
      if (!model.cells.has(row * model.cols.length + col)) {
        return;
      }
      const query: Record<string, string> = {};
      if (rowVariable) {
        query[`var-${rowVariable}`] = model.rows[row] ?? '';
      }
      if (columnVariable) {
        query[`var-${columnVariable}`] = model.cols[col] ?? '';
      }
      if (Object.keys(query).length > 0) {
        locationService.partial(query, true);
      }
    },
    [model, rowVariable, columnVariable]
  );

  const status = panelStatus(data, model.cells.size, 'No results for the selected filters: the query must return two text fields and a number.');
  if (status.kind !== 'ready') {
    return <PanelMessage status={status} width={width} height={height} />;
  }
  return (
    <MatrixGrid
      id={id}
      model={model}
      layout={layout}
      display={display}
      countText={countText}
      showValues={options.showValues}
      showCounts={options.showCounts}
      canActivate={canActivate}
      onActivate={onActivate}
    />
  );
}
