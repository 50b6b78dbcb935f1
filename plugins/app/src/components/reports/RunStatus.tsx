/** Badge for a report run's status (queued, running, succeeded, failed, skipped by condition). */
import React from 'react';
import { Badge, type BadgeColor, type IconName } from '@grafana/ui';

import type { RunStatus } from '../../api/types';

const BADGES: Record<RunStatus, { color: BadgeColor; icon: IconName; text: string }> = {
  queued: { color: 'blue', icon: 'clock-nine', text: 'queued' },
  running: { color: 'orange', icon: 'sync', text: 'running' },
  succeeded: { color: 'green', icon: 'check', text: 'succeeded' },
  failed: { color: 'red', icon: 'exclamation-triangle', text: 'failed' },
  skipped: { color: 'darkgrey', icon: 'minus', text: 'skipped' },
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const b = BADGES[status];
  return <Badge color={b.color} icon={b.icon} text={b.text} />;
}
