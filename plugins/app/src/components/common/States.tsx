/** Loading, empty and error states shared by the pages (one look everywhere, both themes). */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, EmptyState, LoadingPlaceholder, useStyles2 } from '@grafana/ui';

import type { ApiError } from '../../api/problem';

export function Loading({ text }: { text: string }) {
  return <LoadingPlaceholder text={text} />;
}

export function Empty({ message, children }: { message: string; children?: React.ReactNode }) {
  return (
    <EmptyState variant="call-to-action" message={message}>
      {children}
    </EmptyState>
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
  code: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    color: theme.colors.text.secondary,
    marginTop: theme.spacing(0.5),
  }),
});
