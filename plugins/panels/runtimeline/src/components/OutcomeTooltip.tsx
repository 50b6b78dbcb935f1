/** Details of the hovered or focused outcome; referenced by the cell's aria-describedby. */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { OUTCOME_LABELS } from '../status';
import type { Run, TestStrip } from '../timelineModel';

export const TIP_WIDTH = 260;

interface Props {
  id: string;
  strip: TestStrip;
  run: Run | undefined;
  flakiness: string;
  formatTime: (ms: number | undefined) => string;
  left: number;
  top: number;
}

export function OutcomeTooltip({ id, strip, run, flakiness, formatTime, left, top }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div id={id} role="tooltip" className={styles.tip} style={{ left, top, width: TIP_WIDTH }}>
      <div className={styles.title}>{strip.test}</div>
      {run ? (
        <div>
          <strong>{OUTCOME_LABELS[run.outcome]}</strong>
          {run.outcome === 'unknown' ? ` (${run.raw})` : ''} · {formatTime(run.time)}
        </div>
      ) : (
        <div>No run in this slot</div>
      )}
      {run?.run ? <div>Run {run.run}</div> : null}
      {run?.flip ? <div className={styles.flip}>Flipped from the previous decisive outcome</div> : null}
      <div className={styles.meta}>
        Flakiness {flakiness} · {strip.flips} flips · {strip.failures} failures
        {strip.owner ? ` · owner ${strip.owner}` : ''}
      </div>
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
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, wordBreak: 'break-word', marginBottom: theme.spacing(0.5) }),
  flip: css({ color: theme.colors.warning.text }),
  meta: css({ color: theme.colors.text.secondary, marginTop: theme.spacing(0.5) }),
});
