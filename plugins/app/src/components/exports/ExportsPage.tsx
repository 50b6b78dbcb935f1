/**
 * Export Manager: the caller's export jobs with live progress, and the create form. While any
 * job is queued or running the list is re-read every EXPORT_POLL_MS (rows written / estimated
 * come from the job API; polling stops once every job has finished).
 */
import React, { useCallback, useState } from 'react';
import { Alert, Button, Stack } from '@grafana/ui';

import { useApi } from '../../api/context';
import { toApiError, type ApiError } from '../../api/problem';
import type { ExportJob, ExportSchedule } from '../../api/types';
import { EXPORT_POLL_MS } from '../../constants';
import { usePolling } from '../../hooks/usePolling';
import { useResource } from '../../hooks/useResource';
import { Empty, Loading, ProblemAlert } from '../common/States';
import { CreateExportForm } from './CreateExportForm';
import { ExportsTable, type ExportActions } from './ExportsTable';
import { ExportSchedules, type ScheduleActions } from './ExportSchedules';

const active = (j: ExportJob) => j.status === 'queued' || j.status === 'running';

export function ExportsPage() {
  const api = useApi();
  const jobs = useResource(api.listExports);
  const catalog = useResource(api.catalog);
  const schedules = useResource(api.listSchedules);
  const [now] = useState(() => new Date());
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = useState<{ title: string; error: ApiError }>();
  const [notice, setNotice] = useState<string>();

  usePolling((jobs.data ?? []).some(active), EXPORT_POLL_MS, jobs.reload);

  const act = useCallback(
    async (job: { id: string }, title: string, run: () => Promise<unknown>) => {
      setBusy((b) => new Set(b).add(job.id));
      setActionError(undefined);
      try {
        await run();
      } catch (err) {
        setActionError({ title, error: toApiError(err) });
      } finally {
        setBusy((b) => {
          const next = new Set(b);
          next.delete(job.id);
          return next;
        });
        await Promise.all([jobs.reload(), schedules.reload()]);
      }
    },
    [jobs, schedules]
  );

  const scheduleActions: ScheduleActions = {
    togglePause: (s: ExportSchedule) =>
      act(s, `Could not ${s.paused ? 'resume' : 'pause'} ${s.name}`, () =>
        s.paused ? api.resumeSchedule(s.id) : api.pauseSchedule(s.id)
      ),
    remove: (s: ExportSchedule) => act(s, `Could not delete ${s.name}`, () => api.deleteSchedule(s.id)),
  };

  const actions: ExportActions = {
    cancel: (job) => act(job, 'Could not cancel the export', () => api.cancelExport(job.id)),
    retry: (job) => act(job, 'Could not retry the export', () => api.retryExport(job.id)),
    remove: (job) => act(job, 'Could not delete the export', () => api.deleteExport(job.id)),
    download: (job) =>
      act(job, 'Could not create a download link', async () => {
        const link = await api.downloadUrl(job.id);
        window.open(link.url, '_blank', 'noopener');
        setNotice(
          `Download link for ${job.id} is valid until ${new Date(link.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.`
        );
      }),
  };

  const list = jobs.data;
  return (
    <Stack direction="column" gap={2}>
      <Stack justifyContent="space-between" alignItems="center">
        <span>Exports run in the background; files expire and are deleted automatically.</span>
        {!creating && (
          <Button icon="plus" onClick={() => setCreating(true)} disabled={!catalog.data}>
            New export
          </Button>
        )}
      </Stack>
      {catalog.error && (
        <ProblemAlert error={catalog.error} title="Could not load the catalog of datasets" onRetry={catalog.reload} />
      )}
      {creating && catalog.data && (
        <CreateExportForm
          catalog={catalog.data}
          onCancel={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            void jobs.reload();
          }}
          onScheduled={() => {
            setCreating(false);
            void schedules.reload();
          }}
        />
      )}
      <ExportSchedules
        schedules={schedules.data}
        error={schedules.error}
        now={now}
        busy={busy}
        actions={scheduleActions}
      />
      {actionError && <ProblemAlert error={actionError.error} title={actionError.title} />}
      {notice && (
        <Alert severity="info" title="Download started" onRemove={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      {jobs.error && <ProblemAlert error={jobs.error} title="Could not load export jobs" onRetry={jobs.reload} />}
      {list === undefined && !jobs.error && <Loading text="Loading export jobs…" />}
      {list !== undefined && list.length === 0 && (
        <Empty message="No exports yet">Start one with New export: pick a dataset, columns and a format.</Empty>
      )}
      {list !== undefined && list.length > 0 && (
        <div>
          {(schedules.data ?? []).length > 0 && <h3>Jobs</h3>}
          <ExportsTable jobs={list} busy={busy} actions={actions} />
        </div>
      )}
    </Stack>
  );
}
