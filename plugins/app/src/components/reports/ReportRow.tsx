/**
 * One report definition: schedule, next run (computed with the scheduler's cron matcher; none
 * while paused), last run status, and the actions run now, pause / resume and history.
 */
import React, { useCallback, useMemo, useState } from 'react';
import { Button, Stack, useStyles2 } from '@grafana/ui';

import { useApi } from '../../api/context';
import type { Report } from '../../api/types';
import { useResource } from '../../hooks/useResource';
import { formatDate } from '../../utils/format';
import { nextRun } from '../../utils/nextRun';
import { getTableStyles } from '../exports/ExportsTable';
import { RunHistory } from './RunHistory';
import { RunStatusBadge } from './RunStatus';

export interface ReportRowProps {
  report: Report;
  busy: boolean;
  /** Bumped after a run or state change so the last-run cell and history re-read. */
  version: number;
  now: Date;
  onRun: (r: Report) => void;
  onTogglePause: (r: Report) => void;
}

export function ReportRow({ report, busy, version, now, onRun, onTogglePause }: ReportRowProps) {
  const api = useApi();
  const styles = useStyles2(getTableStyles);
  const [open, setOpen] = useState(false);
  const loadLast = useCallback(() => api.reportRuns(report.id, 1), [api, report.id]);
  const last = useResource(loadLast, version);
  const next = useMemo(
    () => (report.schedule && !report.paused ? nextRun(report.schedule.cron, report.schedule.timezone, now) : null),
    [report.schedule, report.paused, now]
  );
  const lastRun = last.data?.[0];

  return (
    <>
      <tr data-testid={`report-${report.id}`}>
        <td>
          <div className={styles.primary}>{report.name}</div>
          <div className={styles.secondary}>
            {report.description ??
              `${report.queries.length} quer${report.queries.length === 1 ? 'y' : 'ies'} · ${report.formats.join(', ').toUpperCase()}`}
          </div>
        </td>
        <td>
          {report.schedule ? (
            <>
              <code>{report.schedule.cron}</code>
              <div className={styles.secondary}>{report.schedule.timezone}</div>
            </>
          ) : (
            <span className={styles.secondary}>manual only</span>
          )}
        </td>
        <td className={styles.nowrap}>
          {report.paused ? (
            <span className={styles.secondary}>paused</span>
          ) : report.schedule ? (
            next ? (
              formatDate(next.toISOString())
            ) : (
              'later than 35 days'
            )
          ) : (
            '—'
          )}
        </td>
        <td>
          {last.error ? (
            <span className={styles.error} title={last.error.message}>
              {last.error.code}
            </span>
          ) : lastRun ? (
            <>
              <RunStatusBadge status={lastRun.status} />
              <div className={styles.secondary}>{formatDate(lastRun.finishedAt ?? lastRun.createdAt)}</div>
            </>
          ) : last.data ? (
            <span className={styles.secondary}>never run</span>
          ) : (
            <span className={styles.secondary}>…</span>
          )}
        </td>
        <td>
          <Stack gap={1} justifyContent="flex-end">
            <Button size="sm" icon={busy ? 'spinner' : 'play'} disabled={busy} onClick={() => onRun(report)}>
              Run now
            </Button>
            <Button
              size="sm"
              variant="secondary"
              icon={report.paused ? 'play' : 'pause'}
              disabled={busy || !report.schedule}
              onClick={() => onTogglePause(report)}
            >
              {report.paused ? 'Resume' : 'Pause'}
            </Button>
            <Button
              size="sm"
              variant="secondary"
              fill="outline"
              icon={open ? 'angle-up' : 'history'}
              aria-expanded={open}
              onClick={() => setOpen(!open)}
            >
              History
            </Button>
          </Stack>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={5}>
            <RunHistory reportId={report.id} version={version} />
          </td>
        </tr>
      )}
    </>
  );
}
