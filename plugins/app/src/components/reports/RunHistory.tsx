/** A report's run history, newest first: trigger, status (with reason or error), rows, size, duration. */
import React from 'react';
import { useStyles2 } from '@grafana/ui';

import { useApi } from '../../api/context';
import { useResource } from '../../hooks/useResource';
import { formatBytes, formatCount, formatDate, formatDuration } from '../../utils/format';
import { Loading, ProblemAlert } from '../common/States';
import { getTableStyles } from '../exports/ExportsTable';
import { RunStatusBadge } from './RunStatus';

export function RunHistory({ reportId, version }: { reportId: string; version: number }) {
  const api = useApi();
  const styles = useStyles2(getTableStyles);
  // `version` changes after "run now", so the history re-reads.
  const load = React.useCallback(() => api.reportRuns(reportId, 20), [api, reportId]);
  const runs = useResource(load, version);
  if (runs.error) {
    return <ProblemAlert error={runs.error} title="Could not load the run history" onRetry={runs.reload} />;
  }
  if (!runs.data) {
    return <Loading text="Loading runs…" />;
  }
  if (runs.data.length === 0) {
    return <div className={styles.secondary}>This report has not run yet.</div>;
  }
  return (
    <table className={styles.table} aria-label={`Run history of ${reportId}`}>
      <thead>
        <tr>
          <th>Started (UTC)</th>
          <th>Trigger</th>
          <th>Status</th>
          <th>Rows</th>
          <th>Size</th>
          <th>Duration</th>
        </tr>
      </thead>
      <tbody>
        {runs.data.map((r) => (
          <tr key={r.id}>
            <td className={styles.nowrap}>{formatDate(r.startedAt ?? r.createdAt)}</td>
            <td>
              {r.trigger}
              {r.attempt > 1 ? ` (attempt ${r.attempt})` : ''}
            </td>
            <td>
              <RunStatusBadge status={r.status} />
              {r.cachedFrom && <span className={styles.secondary}> · from cache</span>}
              {(r.error ?? r.reason) && (
                <div className={r.error ? styles.error : styles.note}>{r.error ?? r.reason}</div>
              )}
            </td>
            <td>{formatCount(r.rows)}</td>
            <td>{formatBytes(r.bytes)}</td>
            <td>{formatDuration(r.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
