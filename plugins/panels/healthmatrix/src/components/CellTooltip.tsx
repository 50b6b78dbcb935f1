/** Tooltip for the hovered or focused cell; referenced by the cell's aria-describedby. */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

interface Props {
  id: string;
  row: string;
  col: string;
  value?: string;
  count?: string;
  hint?: string;
  x: number;
  /** Top and bottom edge of the cell, in the panel's coordinates. */
  cellTop: number;
  cellBottom: number;
  maxX: number;
  maxY: number;
}

/** Room the tooltip needs below a cell; with less, it opens above the cell instead. */
const ROOM = 110;

const WIDTH = 220;

export function CellTooltip({ id, row, col, value, count, hint, x, cellTop, cellBottom, maxX, maxY }: Props) {
  const styles = useStyles2(getStyles);
  const left = Math.max(0, Math.min(x, maxX - WIDTH));
  const above = cellBottom + ROOM > maxY && cellTop > ROOM;
  const place = above ? { top: cellTop - 4, transform: 'translateY(-100%)' } : { top: cellBottom + 4 };
  return (
    <div id={id} role="tooltip" className={styles.tip} style={{ left, width: WIDTH, ...place }}>
      <div className={styles.title}>
        {row} · {col}
      </div>
      {value !== undefined ? (
        <div>
          Pass rate: <strong>{value}</strong>
        </div>
      ) : (
        <div>No results</div>
      )}
      {count ? <div>{count}</div> : null}
      {hint ? <div className={styles.hint}>{hint}</div> : null}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tip: css({
    position: 'absolute',
    zIndex: theme.zIndex.tooltip,
    padding: theme.spacing(1),
    background: theme.colors.background.elevated,
    color: theme.colors.text.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z3,
    pointerEvents: 'none',
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: theme.spacing(0.5), wordBreak: 'break-word' }),
  hint: css({ marginTop: theme.spacing(0.5), color: theme.colors.text.secondary }),
});
