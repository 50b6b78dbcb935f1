/**
 * The tenant's export jobs (the caller's own; Admins see everyone's), newest first, with the
 * actions each state allows: cancel while queued/running, retry after failed/cancelled,
 * download once succeeded, delete always (it also removes the stored file).
 */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Stack, useStyles2 } from '@grafana/ui';

import type { ExportJob } from '../../api/types';
import { DeleteButton } from '../common/DeleteButton';
import { formatBytes, formatDate } from '../../utils/format';
import { ExportProgress, StatusBadge } from './ExportStatus';

export interface ExportActions {
  cancel: (job: ExportJob) => void;
  retry: (job: ExportJob) => void;
  remove: (job: ExportJob) => void;
  download: (job: ExportJob) => void;
}

const datasetOf = (job: ExportJob) => {
  const d = job.query.dataset;
  return typeof d === 'string' ? d : '—';
};

const columnsOf = (job: ExportJob) => {
  const group = Array.isArray(job.query.groupBy) ? (job.query.groupBy as string[]) : [];
  const metrics = Array.isArray(job.query.metrics)
    ? (job.query.metrics as Array<{ fn: string; field?: string; alias?: string }>).map(
        (m) => m.alias ?? (m.field ? `${m.fn}(${m.field})` : m.fn)
      )
    : [];
  return [...group, ...metrics].join(', ');
};

export function ExportsTable({
  jobs,
  busy,
  actions,
}: {
  jobs: ExportJob[];
  busy: ReadonlySet<string>;
  actions: ExportActions;
}) {
  const styles = useStyles2(getStyles);
  const sorted = [...jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <div className={styles.scroll}>
      <table className={styles.table} aria-label="Export jobs">
        <thead>
          <tr>
            <th>Export</th>
            <th>Status</th>
            <th>Progress</th>
            <th>Format</th>
            <th>Size</th>
            <th>Created (UTC)</th>
            <th>Expires (UTC)</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {sorted.map((job) => (
            <tr key={job.id} data-testid={`export-${job.id}`}>
              <td>
                <div className={styles.primary}>{datasetOf(job)}</div>
                <div className={styles.secondary} title={columnsOf(job)}>
                  {columnsOf(job)}
                </div>
              </td>
              <td>
                <StatusBadge status={job.status} />
                {job.error && <div className={styles.error}>{job.error}</div>}
              </td>
              <td>
                <ExportProgress job={job} />
              </td>
              <td className={styles.nowrap}>
                {job.format.toUpperCase()}
                {job.compression !== 'none' && <span className={styles.secondary}> · {job.compression}</span>}
                {job.pivot && <div className={styles.secondary}>pivot {job.pivot.field}</div>}
              </td>
              <td className={styles.nowrap}>{formatBytes(job.bytes)}</td>
              <td className={styles.nowrap}>
                {formatDate(job.createdAt)}
                <div className={styles.secondary}>
                  {job.scheduleId ? `scheduled · ${job.createdBy}` : job.createdBy}
                </div>
              </td>
              <td className={styles.nowrap}>{formatDate(job.expiresAt)}</td>
              <td>
                <Stack gap={1} justifyContent="flex-end">
                  {(job.status === 'queued' || job.status === 'running') && (
                    <Button
                      size="sm"
                      variant="secondary"
                      icon="times"
                      disabled={busy.has(job.id)}
                      onClick={() => actions.cancel(job)}
                    >
                      Cancel
                    </Button>
                  )}
                  {(job.status === 'failed' || job.status === 'cancelled') && (
                    <Button
                      size="sm"
                      variant="secondary"
                      icon="repeat"
                      disabled={busy.has(job.id)}
                      onClick={() => actions.retry(job)}
                    >
                      Retry
                    </Button>
                  )}
                  {job.status === 'succeeded' && (
                    <Button
                      size="sm"
                      variant="primary"
                      icon="download-alt"
                      disabled={busy.has(job.id)}
                      onClick={() => actions.download(job)}
                    >
                      Download
                    </Button>
                  )}
                  <DeleteButton
                    label={`Delete export ${job.id}`}
                    disabled={busy.has(job.id)}
                    onConfirm={() => actions.remove(job)}
                  />
                </Stack>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const getTableStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(1, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    th: {
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
      fontSize: theme.typography.bodySmall.fontSize,
      whiteSpace: 'nowrap',
    },
    'tbody tr:hover': { background: theme.colors.action.hover },
  }),
  primary: css({ fontWeight: theme.typography.fontWeightMedium }),
  secondary: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    maxWidth: 280,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
  error: css({
    color: theme.colors.error.text,
    fontSize: theme.typography.bodySmall.fontSize,
    marginTop: 4,
    minWidth: 200,
    maxWidth: 320,
  }),
  nowrap: css({ whiteSpace: 'nowrap' }),
  note: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, maxWidth: 420 }),
  // Narrow Grafana pages scroll the table sideways instead of pushing the actions out of view.
  scroll: css({ overflowX: 'auto' }),
});
const getStyles = getTableStyles;
