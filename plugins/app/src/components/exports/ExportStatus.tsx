/** Status badge and progress bar of one export job (rows written / estimated total). */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, type BadgeColor, type IconName, useStyles2 } from '@grafana/ui';

import type { ExportJob, ExportStatus } from '../../api/types';
import { formatCount, progressOf } from '../../utils/format';

const BADGES: Record<ExportStatus, { color: BadgeColor; icon: IconName }> = {
  queued: { color: 'blue', icon: 'clock-nine' },
  running: { color: 'orange', icon: 'sync' },
  succeeded: { color: 'green', icon: 'check' },
  failed: { color: 'red', icon: 'exclamation-triangle' },
  cancelled: { color: 'darkgrey', icon: 'times' },
};

export function StatusBadge({ status }: { status: ExportStatus }) {
  const b = BADGES[status];
  return <Badge color={b.color} icon={b.icon} text={status} />;
}

export function ExportProgress({ job }: { job: ExportJob }) {
  const styles = useStyles2(getStyles);
  const fraction = job.status === 'succeeded' ? 1 : progressOf(job.rowsWritten, job.rowsEstimated);
  const finished = job.status !== 'queued' && job.status !== 'running';
  // No estimate yet: still counting while active; after the end only the rows written matter.
  const rows =
    job.rowsEstimated === null
      ? finished
        ? `${formatCount(job.rowsWritten)} rows`
        : `${formatCount(job.rowsWritten)} / counting… rows`
      : `${formatCount(job.rowsWritten)} / ${formatCount(job.rowsEstimated)} rows`;
  const percent = fraction === null ? null : Math.round(fraction * 100);
  return (
    <div className={styles.wrap}>
      <div
        className={styles.track}
        role="progressbar"
        aria-label={`Export ${job.id} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div className={styles.bar(job.status)} style={{ width: `${percent ?? 0}%` }} />
      </div>
      <div className={styles.label}>
        {percent !== null && job.status === 'running' ? `${rows} (${percent}%)` : rows}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ minWidth: 180 }),
  track: css({
    height: 6,
    borderRadius: theme.shape.radius.pill,
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    overflow: 'hidden',
  }),
  bar: (status: ExportStatus) =>
    css({
      height: '100%',
      background:
        status === 'failed'
          ? theme.colors.error.main
          : status === 'cancelled'
            ? theme.colors.secondary.main
            : status === 'succeeded'
              ? theme.colors.success.main
              : theme.colors.primary.main,
      transition: 'width 0.4s ease',
    }),
  label: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    marginTop: 2,
    whiteSpace: 'nowrap',
  }),
});
