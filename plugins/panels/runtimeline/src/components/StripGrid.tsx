/**
 * One row per test: name, owner, flakiness (coloured through the panel's field config) and the
 * strip of recent outcomes, newest on the right so columns line up in time across tests.
 * Rows are windowed: only those in view (plus the keyboard-active one) are in the DOM.
 */
import React, { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { DisplayFn } from '../../../shared/src/display';
import { useGridKeyboard, type Position } from '../../../shared/src/useGridKeyboard';
import { visibleRange } from '../../../shared/src/windowing';
import { OUTCOME_LABELS, outcomeColor } from '../status';
import type { TestStrip } from '../timelineModel';
import { OutcomeTooltip, TIP_WIDTH } from './OutcomeTooltip';

interface Props {
  id: string;
  strips: TestStrip[];
  slots: number;
  width: number;
  height: number;
  showOwner: boolean;
  flakiness: DisplayFn;
  formatTime: (ms: number | undefined) => string;
  onActivate?: (strip: TestStrip) => void;
}

const ROW = 22;
const HEADER = 20;

export function StripGrid({ id, strips, slots, width, height: outerHeight, showOwner, flakiness, formatTime, onActivate }: Props) {
  const height = Math.max(0, outerHeight - HEADER);
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const body = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [tip, setTip] = useState<Position | null>(null);
  const focused = useRef(false);

  const nameWidth = Math.min(320, Math.max(100, Math.floor(width * 0.3)));
  const ownerWidth = showOwner && width > 520 ? 110 : 0;
  const scoreWidth = 56;
  const stripWidth = Math.max(0, width - nameWidth - ownerWidth - scoreWidth - 16);
  const cell = Math.max(3, Math.min(18, Math.floor(stripWidth / Math.max(1, slots))));
  const stripLeft = nameWidth + ownerWidth + scoreWidth + 8;

  const activate = useCallback((p: Position) => {
    const s = strips[p.row];
    if (s) {
      onActivate?.(s);
    }
  }, [strips, onActivate]);
  const { active, setActive, onKeyDown } = useGridKeyboard(strips.length, slots, Math.max(1, Math.floor(height / ROW)), activate);
  const range = visibleRange(scrollTop, height, ROW, strips.length);

  useLayoutEffect(() => {
    const el = body.current;
    if (!el || !focused.current) {
      return;
    }
    const top = active.row * ROW;
    let next = el.scrollTop;
    if (top < next) {
      next = top;
    } else if (top + ROW > next + height) {
      next = top + ROW - height;
    }
    if (next !== el.scrollTop) {
      el.scrollTop = next;
      setScrollTop(next);
    }
    el.querySelector<HTMLElement>(`[data-cell="${active.row}:${active.col}"]`)?.focus();
  }, [active.row, active.col, height]);

  const rows = useMemo(() => {
    const list: number[] = [];
    for (let r = range.start; r < range.end; r++) {
      list.push(r);
    }
    if (strips.length > 0 && (active.row < range.start || active.row >= range.end)) {
      list.push(active.row);
    }
    return list;
  }, [range.start, range.end, active.row, strips.length]);

  const tipStrip = tip ? strips[tip.row] : undefined;
  const tipRun = tip && tipStrip ? tipStrip.runs[tip.col - (slots - tipStrip.runs.length)] : undefined;

  return (
    <div className={styles.root} style={{ width, height: outerHeight }}>
      <div className={styles.header} style={{ height: HEADER }} aria-hidden="true">
        <span style={{ left: 0, width: nameWidth }}>Test</span>
        {ownerWidth ? <span style={{ left: nameWidth, width: ownerWidth }}>Owner</span> : null}
        <span style={{ left: nameWidth + ownerWidth, width: scoreWidth }}>Flaky</span>
        <span style={{ left: stripLeft, width: slots * cell }}>Recent runs, oldest → newest</span>
      </div>
      <div ref={body} className={styles.body} style={{ width, height }} onScroll={() => setScrollTop(body.current?.scrollTop ?? 0)}>
        <div
          role="grid"
          aria-label="Test run timeline"
          aria-rowcount={strips.length}
          aria-colcount={slots}
          onKeyDown={onKeyDown}
          style={{ position: 'relative', height: strips.length * ROW }}
        >
          {rows.map((r) => {
            const s = strips[r]!;
            const score = flakiness(s.flakiness);
            const offset = slots - s.runs.length;
            return (
              <div key={s.test} role="row" aria-rowindex={r + 1} aria-label={s.test} className={styles.row} style={{ top: r * ROW }}>
                <div role="rowheader" className={styles.name} style={{ width: nameWidth }} title={s.test}>
                  {s.test}
                </div>
                {ownerWidth ? (
                  <div className={styles.owner} style={{ left: nameWidth, width: ownerWidth }} title={s.owner}>
                    {s.owner || '—'}
                  </div>
                ) : null}
                <div
                  className={styles.score}
                  data-color={score.color}
                  style={{ left: nameWidth + ownerWidth, width: scoreWidth - 4, background: score.color, color: theme.colors.getContrastText(score.color) }}
                  aria-label={`Flakiness ${score.text}`}
                >
                  {score.text}
                </div>
                {Array.from({ length: slots }, (_, c) => {
                  const run = c >= offset ? s.runs[c - offset] : undefined;
                  const isActive = r === active.row && c === active.col;
                  const color = run ? outcomeColor(theme, run.outcome) : 'transparent';
                  return (
                    <div
                      key={c}
                      role="gridcell"
                      aria-colindex={c + 1}
                      aria-label={run ? `${OUTCOME_LABELS[run.outcome]}${run.flip ? ', flip' : ''}, ${formatTime(run.time)}` : 'no run'}
                      aria-describedby={tip?.row === r && tip.col === c ? `${id}-tip` : undefined}
                      data-cell={`${r}:${c}`}
                      data-outcome={run?.outcome}
                      tabIndex={isActive ? 0 : -1}
                      className={`${styles.cell}${run?.flip ? ` ${styles.flip}` : ''}`}
                      style={{ left: stripLeft + c * cell, width: Math.max(2, cell - 2), background: color }}
                      onClick={() => {
                        setActive({ row: r, col: c });
                        onActivate?.(s);
                      }}
                      onMouseEnter={() => setTip({ row: r, col: c })}
                      onMouseLeave={() => setTip(null)}
                      onFocus={() => {
                        focused.current = true;
                        setTip({ row: r, col: c });
                      }}
                      onBlur={() => {
                        focused.current = false;
                        setTip(null);
                      }}
                    />
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {tip && tipStrip ? (
        <OutcomeTooltip
          id={`${id}-tip`}
          strip={tipStrip}
          run={tipRun}
          flakiness={flakiness(tipStrip.flakiness).text}
          formatTime={formatTime}
          left={Math.max(0, Math.min(stripLeft + tip.col * cell - TIP_WIDTH / 2, width - TIP_WIDTH))}
          top={(() => {
            const y = HEADER + (tip.row + 1) * ROW - scrollTop + 2;
            return y + 110 > outerHeight && y > 130 ? y - ROW - 114 : y;
          })()}
        />
      ) : null}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ position: 'relative', overflow: 'clip', fontSize: theme.typography.bodySmall.fontSize }),
  header: css({
    position: 'relative',
    color: theme.colors.text.secondary,
    span: { position: 'absolute', top: 0, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  }),
  body: css({ overflowY: 'auto', overflowX: 'hidden' }),
  row: css({
    position: 'absolute',
    left: 0,
    right: 0,
    height: ROW,
    '&:hover': { background: theme.colors.action.hover },
  }),
  name: css({
    position: 'absolute',
    left: 0,
    height: ROW,
    lineHeight: `${ROW}px`,
    paddingRight: theme.spacing(1),
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
  owner: css({
    position: 'absolute',
    height: ROW,
    lineHeight: `${ROW}px`,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    color: theme.colors.text.secondary,
  }),
  score: css({
    position: 'absolute',
    top: 3,
    height: ROW - 6,
    lineHeight: `${ROW - 6}px`,
    borderRadius: theme.shape.radius.default,
    textAlign: 'center',
    fontSize: '0.9em',
  }),
  cell: css({
    position: 'absolute',
    top: 4,
    height: ROW - 8,
    borderRadius: 1,
    outline: 'none',
    '&:focus-visible, &:hover': { boxShadow: `0 0 0 2px ${theme.colors.primary.main}`, zIndex: 1 },
  }),
  flip: css({
    // A bar on the left edge marks the run where pass/fail changed.
    '&::before': {
      content: '""',
      position: 'absolute',
      left: -2,
      top: -3,
      bottom: -3,
      width: 2,
      background: theme.colors.text.primary,
    },
  }),
});
