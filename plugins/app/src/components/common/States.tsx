/** Loading, empty and error states shared by the pages (one look everywhere, both themes). */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Icon, LoadingPlaceholder, useStyles2 } from '@grafana/ui';

import type { ApiError } from '../../api/problem';

export function Loading({ text }: { text: string }) {
  return <LoadingPlaceholder text={text} />;
}

/** A plain empty state (@grafana/ui's EmptyState draws a large illustration that costs seconds in jsdom). */
export function Empty({ message, children }: { message: string; children?: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.empty} role="status">
      <Icon name="folder-open" size="xxl" className={styles.emptyIcon} />
      <div className={styles.emptyMessage}>{message}</div>
      {children && <div className={styles.emptyBody}>{children}</div>}
    </div>
  );
}

/** A backend problem shown with its message and its stable code (what support asks for). */
export function ProblemAlert({ error, title, onRetry }: { error: ApiError; title: string; onRetry?: () => void }) {
  const styles = useStyles2(getStyles);
  return (
    <Alert severity="error" title={title} buttonContent={onRetry ? 'Retry' : undefined} onRemove={onRetry}>
      <div>{error.message}</div>
      <div className={styles.code}>
        {error.code}
        {error.status !== null ? ` · HTTP ${error.status}` : ''}
      </div>
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  empty: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(6, 2),
    border: `1px dashed ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    textAlign: 'center',
  }),
  emptyIcon: css({ color: theme.colors.text.disabled }),
  emptyMessage: css({ fontSize: theme.typography.h4.fontSize, fontWeight: theme.typography.h4.fontWeight }),
  emptyBody: css({ color: theme.colors.text.secondary, maxWidth: 560 }),
  code: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    color: theme.colors.text.secondary,
    marginTop: theme.spacing(0.5),
  }),
});
