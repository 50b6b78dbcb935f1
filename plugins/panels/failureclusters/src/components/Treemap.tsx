/**
 * Draws the treemap as absolutely positioned boxes (at most `maxTiles` + one per type, see
 * clusterModel.ts). Keyboard: the map is one tab stop; arrows move through tiles in reading
 * order, Home/End jump, Enter/Space activates; the focused tile shows its tooltip.
 */
import React, { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { GroupBox, Tile } from '../treemapLayout';
import { TOOLTIP_WIDTH, TileTooltip } from './TileTooltip';

/** Height the tooltip needs (type, message, four facts). */
const TIP_ROOM = 150;

interface Props {
  id: string;
  groups: GroupBox[];
  tiles: Tile[];
  width: number;
  height: number;
  total: number;
  colorOf: (tile: Tile) => string;
  groupColorOf: (group: GroupBox) => string;
  countText: (n: number) => string;
  formatTime: (ms: number | undefined) => string;
  onActivate?: (tile: Tile) => void;
}

export function Treemap({ id, groups, tiles, width, height, total, colorOf, groupColorOf, countText, formatTime, onActivate }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const root = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [tip, setTip] = useState<number | null>(null);
  const focused = useRef(false);
  const current = Math.min(active, Math.max(0, tiles.length - 1));

  useLayoutEffect(() => {
    if (focused.current) {
      root.current?.querySelector<HTMLElement>(`[data-tile="${current}"]`)?.focus();
    }
  }, [current]);

  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowRight: current + 1,
      ArrowDown: current + 1,
      ArrowLeft: current - 1,
      ArrowUp: current - 1,
      Home: 0,
      End: tiles.length - 1,
    };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const t = tiles[current];
      if (t) {
        onActivate?.(t);
      }
      return;
    }
    const next = moves[e.key];
    if (next !== undefined) {
      e.preventDefault();
      setActive(Math.max(0, Math.min(tiles.length - 1, next)));
    }
  };

  const tipTile = tip === null ? undefined : tiles[tip];
  // Below the tile when there is room, else above it, else over its top edge: always inside the panel.
  let tipPos: { left: number; top: number; transform?: string } = { left: 0, top: 0 };
  if (tipTile) {
    const { x, y, h } = tipTile.rect;
    const left = Math.max(0, Math.min(x, width - TOOLTIP_WIDTH));
    if (y + h + TIP_ROOM <= height) {
      tipPos = { left, top: y + h + 4 };
    } else if (y >= TIP_ROOM) {
      tipPos = { left, top: y - 4, transform: 'translateY(-100%)' };
    } else {
      tipPos = { left, top: Math.max(0, Math.min(y + 8, height - TIP_ROOM)) };
    }
  }

  return (
    <div ref={root} className={styles.root} style={{ width, height }}>
      {groups.map((g) => (
        <div
          key={g.type}
          className={styles.group}
          style={{ left: g.rect.x, top: g.rect.y, width: g.rect.w, height: g.rect.h, borderColor: groupColorOf(g) }}
          aria-hidden="true"
        >
          {g.showHeader ? (
            <div className={styles.groupHeader} title={g.type}>
              {g.type} · {countText(g.count)}
            </div>
          ) : null}
        </div>
      ))}
      <div role="list" aria-label={`Failure clusters: ${tiles.length} signatures`} onKeyDown={onKeyDown}>
        {tiles.map((t, i) => {
          const color = colorOf(t);
          const { x, y, w, h } = t.rect;
          const s = t.signature;
          const showMessage = w >= 72 && h >= 40;
          const showCount = w >= 28 && h >= 18;
          return (
            <div
              key={t.key}
              role="listitem"
              tabIndex={i === current ? 0 : -1}
              data-tile={i}
              data-color={color}
              aria-label={`${s.type}: ${s.message}, ${countText(s.count)} failures`}
              aria-describedby={tip === i ? `${id}-tip` : undefined}
              className={styles.tile}
              style={{
                left: x + 0.5,
                top: y + 0.5,
                width: Math.max(0, w - 1),
                height: Math.max(0, h - 1),
                background: color,
                color: theme.colors.getContrastText(color),
                cursor: onActivate ? 'pointer' : 'default',
              }}
              onClick={() => {
                setActive(i);
                onActivate?.(t);
              }}
              onMouseEnter={() => setTip(i)}
              onMouseLeave={() => setTip(null)}
              onFocus={() => {
                focused.current = true;
                setTip(i);
              }}
              onBlur={() => {
                focused.current = false;
                setTip(null);
              }}
            >
              {showMessage ? <span className={styles.message}>{s.message}</span> : null}
              {showCount ? <span className={styles.count}>{countText(s.count)}</span> : null}
            </div>
          );
        })}
      </div>
      {tipTile ? (
        <TileTooltip
          id={`${id}-tip`}
          signature={tipTile.signature}
          countText={countText(tipTile.signature.count)}
          share={`${((100 * tipTile.signature.count) / Math.max(1, total)).toFixed(1)} %`}
          formatTime={formatTime}
          {...tipPos}
        />
      ) : null}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // clip, not hidden: focusing a tile must not scroll the panel box itself.
  root: css({ position: 'relative', overflow: 'clip', fontSize: theme.typography.bodySmall.fontSize }),
  group: css({
    position: 'absolute',
    border: '1px solid',
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
  }),
  groupHeader: css({
    height: 18,
    lineHeight: '18px',
    padding: theme.spacing(0, 0.5),
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    fontWeight: theme.typography.fontWeightMedium,
    color: theme.colors.text.primary,
  }),
  tile: css({
    position: 'absolute',
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'space-between',
    padding: theme.spacing(0.5),
    overflow: 'hidden',
    outline: 'none',
    borderRadius: 2,
    '&:focus-visible, &:hover': {
      boxShadow: `inset 0 0 0 2px ${theme.colors.text.maxContrast}`,
      zIndex: 1,
    },
  }),
  message: css({
    flex: '1 1 auto',
    minHeight: 0,
    fontFamily: theme.typography.fontFamilyMonospace,
    overflow: 'hidden',
    overflowWrap: 'anywhere',
    lineHeight: 1.25,
  }),
  count: css({ flex: 'none', marginTop: 'auto', fontWeight: theme.typography.fontWeightBold }),
});
