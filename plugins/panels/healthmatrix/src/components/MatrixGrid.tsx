/**
 * The virtualized matrix. Only the cells inside the scroll viewport (plus a small overscan and
 * the keyboard-active cell, so focus never lands on a missing node) are in the DOM: a
 * 100 × 100 matrix costs a few hundred nodes. Column headers and row labels are separate layers
 * moved with the body's scroll offset, so they stay visible while scrolling.
 */
import React, { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { DisplayFn } from '../../../shared/src/display';
import { visibleRange } from '../../../shared/src/windowing';
import type { MatrixModel } from '../matrixModel';
import type { GridLayout } from './gridLayout';
import { useGridKeyboard, type Position } from '../../../shared/src/useGridKeyboard';
import { CellTooltip } from './CellTooltip';

interface Props {
  id: string;
  model: MatrixModel;
  layout: GridLayout;
  display: DisplayFn;
  countText: (n: number | undefined) => string;
  showValues: boolean;
  showCounts: boolean;
  canActivate: boolean;
  onActivate: (p: Position) => void;
}

export function MatrixGrid({ id, model, layout, display, countText, showValues, showCounts, canActivate, onActivate }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const body = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, left: 0 });
  const [tip, setTip] = useState<Position | null>(null);
  const { rows, cols, cells } = model;
  const { labelWidth, headerHeight, cellWidth: cw, cellHeight: ch, bodyWidth, bodyHeight } = layout;
  const pageRows = Math.max(1, Math.floor(bodyHeight / ch));
  const { active, setActive, onKeyDown } = useGridKeyboard(rows.length, cols.length, pageRows, onActivate);

  const rowRange = visibleRange(scroll.top, bodyHeight, ch, rows.length);
  const colRange = visibleRange(scroll.left, bodyWidth, cw, cols.length);

  // Keep the keyboard-active cell inside the viewport and focused after it moves.
  const focusedInside = useRef(false);
  useLayoutEffect(() => {
    const el = body.current;
    if (!el || !focusedInside.current) {
      return;
    }
    const top = active.row * ch;
    const left = active.col * cw;
    let { scrollTop, scrollLeft } = el;
    if (top < scrollTop) {
      scrollTop = top;
    } else if (top + ch > scrollTop + bodyHeight) {
      scrollTop = top + ch - bodyHeight;
    }
    if (left < scrollLeft) {
      scrollLeft = left;
    } else if (left + cw > scrollLeft + bodyWidth) {
      scrollLeft = left + cw - bodyWidth;
    }
    if (scrollTop !== el.scrollTop || scrollLeft !== el.scrollLeft) {
      el.scrollTop = scrollTop;
      el.scrollLeft = scrollLeft;
      setScroll({ top: scrollTop, left: scrollLeft });
    }
    el.querySelector<HTMLElement>(`[data-cell="${active.row}:${active.col}"]`)?.focus();
  }, [active.row, active.col, ch, cw, bodyHeight, bodyWidth]);

  const onScroll = useCallback(() => {
    const el = body.current;
    if (el) {
      setScroll({ top: el.scrollTop, left: el.scrollLeft });
    }
  }, []);

  const rowIndexes = useMemo(() => {
    const list: number[] = [];
    for (let r = rowRange.start; r < rowRange.end; r++) {
      list.push(r);
    }
    if (active.row < rowRange.start || active.row >= rowRange.end) {
      list.push(active.row);
    }
    return list;
  }, [rowRange.start, rowRange.end, active.row]);

  // The active cell is appended to the same keyed list as the visible ones: a separate JSX slot
  // would remount it when it scrolls into view and drop the keyboard focus.
  const renderCell = (r: number, c: number) => {
    const cell = cells.get(r * cols.length + c);
    const shown = display(cell?.value);
    const isActive = r === active.row && c === active.col;
    const tipShown = tip?.row === r && tip.col === c;
    const label = `${rows[r]}, ${cols[c]}: ${cell ? shown.text : 'no data'}${cell?.count !== undefined ? `, ${countText(cell.count)}` : ''}`;
    return (
      <div
        key={c}
        role="gridcell"
        aria-colindex={c + 1}
        aria-label={label}
        aria-describedby={tipShown ? `${id}-tip` : undefined}
        data-cell={`${r}:${c}`}
        data-color={cell ? shown.color : undefined}
        tabIndex={isActive ? 0 : -1}
        className={styles.cell}
        style={{
          left: c * cw,
          width: cw - 2,
          height: ch - 2,
          background: cell ? shown.color : 'transparent',
          border: cell ? undefined : `1px dashed ${theme.colors.border.weak}`,
          color: cell ? theme.colors.getContrastText(shown.color) : theme.colors.text.disabled,
          cursor: cell && canActivate ? 'pointer' : 'default',
        }}
        onClick={() => {
          setActive({ row: r, col: c });
          if (cell) {
            onActivate({ row: r, col: c });
          }
        }}
        onMouseEnter={() => setTip({ row: r, col: c })}
        onMouseLeave={() => setTip(null)}
        onFocus={() => {
          focusedInside.current = true;
          setTip({ row: r, col: c });
        }}
        onBlur={() => {
          focusedInside.current = false;
          setTip(null);
        }}
      >
        {cell && showValues && ch >= 18 && cw >= 36 ? <span className={styles.value}>{shown.text}</span> : null}
        {cell && showCounts && cell.count !== undefined && ch >= 30 && cw >= 36 ? (
          <span className={styles.count}>{cell.count}</span>
        ) : null}
      </div>
    );
  };

  const colIndexes: number[] = [];
  for (let c = colRange.start; c < colRange.end; c++) {
    colIndexes.push(c);
  }

  const tipCell = tip ? cells.get(tip.row * cols.length + tip.col) : undefined;

  return (
    <div className={styles.root} style={{ width: labelWidth + bodyWidth, height: headerHeight + bodyHeight }}>
      <div className={styles.header} style={{ left: labelWidth, width: bodyWidth, height: headerHeight }} aria-hidden="true">
        {colIndexes.map((c) => (
          <div key={c} className={styles.colLabel} style={{ left: c * cw - scroll.left, width: cw }} title={cols[c]}>
            {cols[c]}
          </div>
        ))}
      </div>
      <div className={styles.gutter} style={{ top: headerHeight, width: labelWidth, height: bodyHeight }} aria-hidden="true">
        {rowIndexes.map((r) => (
          <div key={r} className={styles.rowLabel} style={{ top: r * ch - scroll.top, height: ch }} title={rows[r]}>
            {rows[r]}
          </div>
        ))}
      </div>
      <div
        ref={body}
        className={styles.body}
        style={{ top: headerHeight, left: labelWidth, width: bodyWidth, height: bodyHeight }}
        onScroll={onScroll}
      >
        <div
          role="grid"
          aria-label="Test health matrix"
          aria-rowcount={rows.length}
          aria-colcount={cols.length}
          onKeyDown={onKeyDown}
          style={{ position: 'relative', width: cols.length * cw, height: rows.length * ch }}
        >
          {rowIndexes.map((r) => (
            <div key={r} role="row" aria-rowindex={r + 1} aria-label={rows[r]} className={styles.row} style={{ top: r * ch, height: ch }}>
              {(r === active.row && (active.col < colRange.start || active.col >= colRange.end)
                ? [...colIndexes, active.col]
                : colIndexes
              ).map((c) => renderCell(r, c))}
            </div>
          ))}
        </div>
      </div>
      {tip ? (
        <CellTooltip
          id={`${id}-tip`}
          row={rows[tip.row] ?? ''}
          col={cols[tip.col] ?? ''}
          value={tipCell ? display(tipCell.value).text : undefined}
          count={tipCell ? countText(tipCell.count) : undefined}
          hint={tipCell && canActivate ? 'Click or press Enter to filter the dashboard' : undefined}
          x={labelWidth + tip.col * cw - scroll.left}
          cellTop={headerHeight + tip.row * ch - scroll.top}
          cellBottom={headerHeight + (tip.row + 1) * ch - scroll.top}
          maxX={labelWidth + bodyWidth}
          maxY={headerHeight + bodyHeight}
        />
      ) : null}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // clip, not hidden: focusing a cell must not scroll the panel box itself.
  root: css({ position: 'relative', overflow: 'clip', fontSize: theme.typography.bodySmall.fontSize }),
  header: css({ position: 'absolute', top: 0, overflow: 'hidden' }),
  colLabel: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    padding: theme.spacing(0, 0.5),
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    textAlign: 'center',
    lineHeight: '24px',
    color: theme.colors.text.secondary,
  }),
  gutter: css({ position: 'absolute', left: 0, overflow: 'hidden' }),
  rowLabel: css({
    position: 'absolute',
    left: 0,
    right: 0,
    display: 'flex',
    alignItems: 'center',
    paddingRight: theme.spacing(1),
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    color: theme.colors.text.secondary,
  }),
  body: css({ position: 'absolute', overflow: 'auto' }),
  row: css({ position: 'absolute', left: 0, right: 0 }),
  cell: css({
    position: 'absolute',
    top: 1,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    borderRadius: theme.shape.radius.default,
    overflow: 'hidden',
    outline: 'none',
    '&:focus-visible, &:hover': {
      boxShadow: `0 0 0 2px ${theme.colors.background.primary}, 0 0 0 4px ${theme.colors.primary.main}`,
      zIndex: 1,
    },
  }),
  value: css({ fontWeight: theme.typography.fontWeightMedium, whiteSpace: 'nowrap', lineHeight: 1.2 }),
  count: css({ opacity: 0.8, fontSize: '0.85em', lineHeight: 1.1 }),
});
