/** Details of the hovered or focused signature; referenced by the tile's aria-describedby. */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { Signature } from '../clusterModel';

interface Props {
  id: string;
  signature: Signature;
  countText: string;
  share: string;
  formatTime: (ms: number | undefined) => string;
  left: number;
  top: number;
  transform?: string;
}

export const TOOLTIP_WIDTH = 300;

export function TileTooltip({ id, signature: s, countText, share, formatTime, left, top, transform }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div id={id} role="tooltip" className={styles.tip} style={{ left, top, transform, width: TOOLTIP_WIDTH }}>
      <div className={styles.type}>{s.type}</div>
      <div className={styles.message}>{s.message}</div>
      <dl className={styles.facts}>
        <dt>Failures</dt>
        <dd>
          {countText} ({share})
        </dd>
        {s.tests !== undefined ? (
          <>
            <dt>Affected tests</dt>
            <dd>{s.merged ? `up to ${s.tests.toLocaleString()}` : s.tests.toLocaleString()}</dd>
          </>
        ) : null}
        <dt>First seen</dt>
        <dd>{formatTime(s.firstSeen)}</dd>
        <dt>Last seen</dt>
        <dd>{formatTime(s.lastSeen)}</dd>
      </dl>
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
  type: css({ color: theme.colors.text.secondary }),
  message: css({ fontFamily: theme.typography.fontFamilyMonospace, wordBreak: 'break-word', margin: theme.spacing(0.5, 0) }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: theme.spacing(1),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
});
