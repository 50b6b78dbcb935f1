/**
 * Reports: the tenant's report definitions with schedule, next run and last status; run now
 * (the backend queues the run and answers 202 with it; this page polls that run until it ends),
 * pause / resume, and each report's run history. Definitions are authored through the API or
 * provisioning.
 */
import React, { useState } from 'react';
import { Alert, Stack, useStyles2 } from '@grafana/ui';

import { useApi } from '../../api/context';
import { toApiError, type ApiError } from '../../api/problem';
import type { Report, ReportRun } from '../../api/types';
import { usePolling } from '../../hooks/usePolling';
import { useResource } from '../../hooks/useResource';
import { formatCount, formatDuration } from '../../utils/format';
import { Empty, Loading, ProblemAlert } from '../common/States';
import { getTableStyles } from '../exports/ExportsTable';
import { ReportRow } from './ReportRow';

const RUN_POLL_MS = 1500;
const pending = (run: ReportRun) => run.status === 'queued' || run.status === 'running';

function describeRun(report: Report, run: ReportRun): { severity: 'success' | 'info' | 'error'; text: string } {
  if (run.status === 'succeeded') {
    return {
      severity: 'success',
      text: `${report.name}: ${formatCount(run.rows)} rows in ${formatDuration(run.durationMs)}${run.cachedFrom ? ' (from cache)' : ''}.`,
    };
  }
  if (run.status === 'skipped') {
    return { severity: 'info', text: `${report.name} was skipped: ${run.reason ?? 'its condition was not met'}.` };
  }
  if (pending(run)) {
    return { severity: 'info', text: `${report.name}: run ${run.status}…` };
  }
  return { severity: 'error', text: `${report.name} ${run.status}: ${run.error ?? 'no error recorded'}` };
}

export function ReportsPage({ now = () => new Date() }: { now?: () => Date }) {
  const api = useApi();
  const styles = useStyles2(getTableStyles);
  const reports = useResource(api.listReports);
  const [busy, setBusy] = useState<string>();
  const [version, setVersion] = useState(0);
  const [actionError, setActionError] = useState<{ title: string; error: ApiError }>();
  const [result, setResult] = useState<{ severity: 'success' | 'info' | 'error'; text: string }>();
  const [clock] = useState(now);
  const [watching, setWatching] = useState<{ report: Report; run: ReportRun }>();

  // A queued "run now": re-read that run until it has finished, then refresh the rows.
  usePolling(watching !== undefined, RUN_POLL_MS, async () => {
    if (!watching) {
      return;
    }
    const run = await api.reportRun(watching.report.id, watching.run.id);
    setResult(describeRun(watching.report, run));
    if (!pending(run)) {
      setWatching(undefined);
      setVersion((v) => v + 1);
    }
  });

  const act = async (r: Report, title: string, run: () => Promise<void>) => {
    setBusy(r.id);
    setActionError(undefined);
    setResult(undefined);
    try {
      await run();
    } catch (err) {
      setActionError({ title, error: toApiError(err) });
    } finally {
      setBusy(undefined);
      setVersion((v) => v + 1);
      await reports.reload();
    }
  };

  const list = reports.data;
  return (
    <Stack direction="column" gap={2}>
      {actionError && <ProblemAlert error={actionError.error} title={actionError.title} />}
      {result && (
        <Alert
          severity={result.severity}
          title={watching ? 'Run queued' : 'Run finished'}
          onRemove={() => setResult(undefined)}
        >
          {result.text}
        </Alert>
      )}
      {reports.error && <ProblemAlert error={reports.error} title="Could not load reports" onRetry={reports.reload} />}
      {list === undefined && !reports.error && <Loading text="Loading reports…" />}
      {list !== undefined && list.length === 0 && (
        <Empty message="No reports yet">
          Report definitions are created through the API (POST /api/v1/reports) or provisioning.
        </Empty>
      )}
      {list !== undefined && list.length > 0 && (
        <table className={styles.table} aria-label="Reports">
          <thead>
            <tr>
              <th>Report</th>
              <th>Schedule</th>
              <th>Next run (UTC)</th>
              <th>Last run (UTC)</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <ReportRow
                key={r.id}
                report={r}
                busy={busy === r.id}
                version={version}
                now={clock}
                onRun={(rep) =>
                  act(rep, `Could not run ${rep.name}`, async () => {
                    const run = await api.runReport(rep.id);
                    setResult(describeRun(rep, run));
                    setWatching(pending(run) ? { report: rep, run } : undefined);
                  })
                }
                onTogglePause={(rep) =>
                  act(rep, `Could not ${rep.paused ? 'resume' : 'pause'} ${rep.name}`, async () => {
                    await (rep.paused ? api.resumeReport(rep.id) : api.pauseReport(rep.id));
                  })
                }
              />
            ))}
          </tbody>
        </table>
      )}
    </Stack>
  );
}
