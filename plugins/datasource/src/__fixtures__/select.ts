import { fireEvent, screen } from '@testing-library/react';

/**
 * Drives a @grafana/ui Select (react-select) the way a keyboard user does: the menu opens on
 * ArrowDown, and its options are role="option".
 */

/** The option texts of the Select with that aria-label (the menu is closed again after). */
export async function selectOptions(label: string): Promise<string[]> {
  fireEvent.keyDown(screen.getByLabelText(label), { key: 'ArrowDown' });
  await screen.findAllByRole('option');
  const names = screen.getAllByRole('option').map((o) => o.textContent ?? '');
  fireEvent.keyDown(screen.getByLabelText(label), { key: 'Escape' });
  return names;
}

/** Opens the Select with that aria-label and picks the option with that text. */
export async function pick(label: string, option: string): Promise<void> {
  fireEvent.keyDown(screen.getByLabelText(label), { key: 'ArrowDown' });
  fireEvent.click(await screen.findByText(option));
}
