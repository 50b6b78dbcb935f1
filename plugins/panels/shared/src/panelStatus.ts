/**
 * What a panel should show before (or instead of) its visualization. Shared by every Semantest
 * panel so loading, error and empty states look and read the same everywhere.
 *
 * Invariant: while a refresh is running and rows from the previous response exist, the panel
 * keeps drawing them (status `ready`) instead of flashing a spinner.
 */
import { LoadingState, type PanelData } from '@grafana/data';

export type PanelStatus =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'empty'; message: string }
  | { kind: 'ready' };

export function panelStatus(data: PanelData, rowCount: number, emptyMessage: string): PanelStatus {
  const error = data.errors?.[0] ?? data.error;
  if (data.state === LoadingState.Error || error) {
    return { kind: 'error', message: error?.message || 'The query failed.' };
  }
  if (rowCount > 0) {
    return { kind: 'ready' };
  }
  if (data.state === LoadingState.Loading || data.state === LoadingState.NotStarted) {
    return { kind: 'loading' };
  }
  return { kind: 'empty', message: emptyMessage };
}
