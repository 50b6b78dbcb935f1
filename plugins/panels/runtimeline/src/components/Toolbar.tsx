/** Sort switch and outcome legend above the strips. */
import React, { useId } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { RadioButtonGroup, useStyles2, useTheme2 } from '@grafana/ui';
import { OUTCOME_LABELS, outcomeColor, type Outcome } from '../status';
import type { SortBy } from '../types';

const SORTS: Array<{ value: SortBy; label: string }> = [
  { value: 'flakiness', label: 'Flakiness' },
  { value: 'failures', label: 'Failures' },
  { value: 'owner', label: 'Owner' },
  { value: 'name', label: 'Name' },
];

const LEGEND: Outcome[] = ['passed', 'failed', 'retried', 'skipped', 'quarantined'];

export const TOOLBAR_HEIGHT = 32;

export function Toolbar({ sortBy, onSort, showLegend }: { sortBy: SortBy; onSort: (s: SortBy) => void; showLegend: boolean }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const labelId = useId();
  return (
    <div className={styles.bar} style={{ height: TOOLBAR_HEIGHT }}>
      <span className={styles.label} id={labelId}>
        Sort
      </span>
      <RadioButtonGroup size="sm" options={SORTS} value={sortBy} onChange={onSort} aria-labelledby={labelId} />
      {showLegend ? (
        <ul className={styles.legend} aria-label="Outcomes">
          {LEGEND.map((o) => (
            <li key={o}>
              <span className={styles.swatch} style={{ background: outcomeColor(theme, o) }} />
              {OUTCOME_LABELS[o]}
            </li>
          ))}
          <li>
            <span className={styles.flip} />
            Flip
          </li>
        </ul>
      ) : null}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  bar: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), fontSize: theme.typography.bodySmall.fontSize }),
  label: css({ color: theme.colors.text.secondary }),
  legend: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    listStyle: 'none',
    margin: 0,
    marginLeft: 'auto',
    padding: 0,
    color: theme.colors.text.secondary,
    li: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
  }),
  swatch: css({ display: 'inline-block', width: 10, height: 10, borderRadius: 2 }),
  flip: css({ display: 'inline-block', width: 3, height: 12, background: theme.colors.text.primary }),
});
