import React, { useState } from 'react';
import { InlineField, InlineFieldRow, InlineSwitch, Input, Select } from '@grafana/ui';
import type { SelectableValue } from '@grafana/data';
import type { Compare } from '@semantest/query-model';

import {
  afterKind,
  afterSide,
  beforeKind,
  beforeSide,
  buildCompare,
  draftOf,
  type AfterKind,
  type BeforeKind,
  type SideDraft,
} from '../compare';

const beforeOptions: Array<SelectableValue<BeforeKind>> = [
  {
    label: 'Previous period',
    value: 'previous',
    description: 'The period of the same length just before the time range',
  },
  { label: 'Same period', value: 'same', description: 'The time range itself (combine with an after branch)' },
  { label: 'Run', value: 'run' },
  { label: 'Commit', value: 'commit' },
  { label: 'Branch', value: 'branch', description: 'One branch, over the previous (or the same) period' },
  { label: 'Window', value: 'window', description: 'Explicit from/to, optionally on one branch' },
];
const afterOptions: Array<SelectableValue<AfterKind>> = [
  { label: 'Time range', value: 'range', description: "The panel's time range" },
  { label: 'Run', value: 'run' },
  { label: 'Commit', value: 'commit' },
  { label: 'Branch', value: 'branch', description: 'One branch over the time range' },
];

interface Props {
  compare: Compare | undefined;
  /** `run` false while typing: the query re-runs on blur. */
  onChange: (compare: Compare | undefined, run: boolean) => void;
}

/**
 * The two sides of a comparison dataset (run_diff). The chosen kinds live in local state so that a
 * kind whose input is still empty stays selected; until it is filled that side is left at its default.
 */
export function CompareEditor({ compare, onChange }: Props) {
  const [bKind, setBKind] = useState<BeforeKind>(beforeKind(compare?.before));
  const [aKind, setAKind] = useState<AfterKind>(afterKind(compare?.after));
  const [b, setB] = useState<SideDraft>(draftOf(compare?.before));
  const [a, setA] = useState<SideDraft>(draftOf(compare?.after));

  const emit = (bk: BeforeKind, bd: SideDraft, ak: AfterKind, ad: SideDraft, run: boolean) =>
    onChange(buildCompare(beforeSide(bk, bd), afterSide(ak, ad)), run);
  const text = (side: 'before' | 'after', key: keyof SideDraft, label: string, placeholder: string, width = 20) => {
    const d = side === 'before' ? b : a;
    return (
      <Input
        aria-label={`Compare ${side} ${label}`}
        width={width}
        placeholder={placeholder}
        value={String(d[key] ?? '')}
        onChange={(e) => {
          const next = { ...d, [key]: e.currentTarget.value };
          if (side === 'before') {
            setB(next);
            emit(bKind, next, aKind, a, false);
          } else {
            setA(next);
            emit(bKind, b, aKind, next, false);
          }
        }}
        onBlur={() => emit(bKind, b, aKind, a, true)}
      />
    );
  };

  // One row per side: a side with inputs (a window has three) would otherwise wrap mid-row, unlabelled.
  return (
    <>
      <InlineFieldRow>
        <InlineField
          label="Before"
          labelWidth={10}
          tooltip="The side compared against (default: the previous period); $variables allowed in run, commit and branch"
        >
          <Select
            aria-label="Compare before kind"
            width={21}
            options={beforeOptions}
            value={bKind}
            onChange={(v) => {
              const k = v.value ?? 'previous';
              setBKind(k);
              emit(k, b, aKind, a, true);
            }}
          />
        </InlineField>
        {bKind === 'run' && text('before', 'run', 'run', 'run id or $run')}
        {bKind === 'commit' && text('before', 'commit', 'commit', 'sha or $commit')}
        {bKind === 'window' && text('before', 'from', 'from', 'from (ISO / epoch ms)', 22)}
        {bKind === 'window' && text('before', 'to', 'to', 'to (ISO / epoch ms)', 22)}
        {(bKind === 'branch' || bKind === 'window') &&
          text('before', 'branch', 'branch', bKind === 'window' ? 'branch (optional)' : 'branch or $branch')}
        {bKind === 'branch' && (
          <InlineField label="Same period" tooltip="Compare over the time range itself instead of the period before it">
            <InlineSwitch
              aria-label="Compare before same period"
              value={b.samePeriod ?? false}
              onChange={(e) => {
                const next = { ...b, samePeriod: e.currentTarget.checked };
                setB(next);
                emit(bKind, next, aKind, a, true);
              }}
            />
          </InlineField>
        )}
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="After" labelWidth={10} tooltip="The side that changed (default: the panel's time range)">
          <Select
            aria-label="Compare after kind"
            width={21}
            options={afterOptions}
            value={aKind}
            onChange={(v) => {
              const k = v.value ?? 'range';
              setAKind(k);
              emit(bKind, b, k, a, true);
            }}
          />
        </InlineField>
        {aKind === 'run' && text('after', 'run', 'run', 'run id or $run')}
        {aKind === 'commit' && text('after', 'commit', 'commit', 'sha or $commit')}
        {aKind === 'branch' && text('after', 'branch', 'branch', 'branch or $branch')}
      </InlineFieldRow>
    </>
  );
}
