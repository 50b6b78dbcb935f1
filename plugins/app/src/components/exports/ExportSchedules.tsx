/**
 * Export schedules (cron + time zone): each tick creates one export job in the list below. Shown
 * only when there are schedules or listing them failed; the datasource must allow the
 * `export-schedules` resource path, otherwise its RESOURCE_NOT_FOUND problem is shown here.
 */
import React from 'react';
import { Button, Stack, useStyles2 } from '@grafana/ui';

import type { ApiError } from '../../api/problem';
import type { ExportSchedule } from '../../api/types';
import { DeleteButton } from '../common/DeleteButton';
import { formatDate } from '../../utils/format';
import { nextRun } from '../../utils/nextRun';
import { ProblemAlert } from '../common/States';
import { getTableStyles } from './ExportsTable';

export interface ScheduleActions {
  togglePause: (s: ExportSchedule) => void;
  remove: (s: ExportSchedule) => void;
}

export function ExportSchedules(props: {
  schedules: ExportSchedule[] | undefined;
  error: ApiError | undefined;
  now: Date;
  busy: ReadonlySet<string>;
  actions: ScheduleActions;
}) {
  const { schedules, error, now, busy, actions } = props;
  const styles = useStyles2(getTableStyles);
  if (error) {
    return <ProblemAlert error={error} title="Could not load export schedules" />;
  }
  if (!schedules || schedules.length === 0) {
    return null;
  }
  return (
    <div>
      <h3>Schedules</h3>
      <table className={styles.table} aria-label="Export schedules">
        <thead>
          <tr>
            <th>Schedule</th>
            <th>Cron</th>
            <th>Next run (UTC)</th>
            <th>Last tick (UTC)</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {schedules.map((s) => {
            const next = s.paused ? null : nextRun(s.cron, s.timezone, now);
            return (
              <tr key={s.id} data-testid={`schedule-${s.id}`}>
                <td>
                  <div className={styles.primary}>{s.name}</div>
                  <div className={styles.secondary}>
                    {String(s.request.query.dataset ?? '—')} · {s.request.format.toUpperCase()}
                    {s.request.pivot ? ` · pivot ${s.request.pivot.field}` : ''}
                  </div>
                </td>
                <td>
                  <code>{s.cron}</code>
                  <div className={styles.secondary}>{s.timezone}</div>
                </td>
                <td className={styles.nowrap}>
                  {s.paused ? (
                    <span className={styles.secondary}>paused</span>
                  ) : next ? (
                    formatDate(next.toISOString())
                  ) : (
                    'later than 35 days'
                  )}
                </td>
                <td className={styles.nowrap}>{formatDate(s.lastTickAt)}</td>
                <td>
                  <Stack gap={1} justifyContent="flex-end">
                    <Button
                      size="sm"
                      variant="secondary"
                      icon={s.paused ? 'play' : 'pause'}
                      disabled={busy.has(s.id)}
                      onClick={() => actions.togglePause(s)}
                    >
                      {s.paused ? 'Resume' : 'Pause'}
                    </Button>
                    <DeleteButton
                      label={`Delete schedule ${s.id}`}
                      disabled={busy.has(s.id)}
                      onConfirm={() => actions.remove(s)}
                    />
                  </Stack>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
