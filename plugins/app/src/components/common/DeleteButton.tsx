/** A trash icon that asks once more ("Delete") before it calls onConfirm. */
import React from 'react';
import { Button, ConfirmButton } from '@grafana/ui';

export function DeleteButton({
  label,
  disabled,
  onConfirm,
}: {
  label: string;
  disabled: boolean;
  onConfirm: () => void;
}) {
  return (
    <ConfirmButton
      size="sm"
      confirmText="Delete"
      confirmVariant="destructive"
      disabled={disabled}
      onConfirm={onConfirm}
    >
      <Button size="sm" variant="destructive" fill="text" icon="trash-alt" aria-label={label} />
    </ConfirmButton>
  );
}
