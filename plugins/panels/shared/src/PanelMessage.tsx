/** Centered status text for the loading, error and empty states (see panelStatus.ts). */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';
import type { PanelStatus } from './panelStatus';

interface Props {
  status: Exclude<PanelStatus, { kind: 'ready' }>;
  width: number;
  height: number;
}

export function PanelMessage({ status, width, height }: Props) {
  const styles = useStyles2(getStyles);
  if (status.kind === 'loading') {
    return (
      <div className={styles.box} style={{ width, height }} role="status" aria-busy="true">
        <Icon name="spinner" className="fa-spin" /> Loading…
      </div>
    );
  }
  if (status.kind === 'error') {
    return (
      <div className={`${styles.box} ${styles.error}`} style={{ width, height }} role="alert">
        <Icon name="exclamation-triangle" /> {status.message}
      </div>
    );
  }
  return (
    <div className={styles.box} style={{ width, height }} role="status">
      <Icon name="info-circle" /> {status.message}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(2),
    color: theme.colors.text.secondary,
    textAlign: 'center',
  }),
  error: css({ color: theme.colors.error.text }),
});
