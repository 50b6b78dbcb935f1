/**
 * Roving-tabindex keyboard model for the matrix (WAI-ARIA grid pattern): one cell is in the tab
 * order; arrows, Home/End and PageUp/PageDown move it; Enter or Space activates it.
 */
import { useCallback, useState, type KeyboardEvent } from 'react';

export interface Position {
  row: number;
  col: number;
}

export function useGridKeyboard(rows: number, cols: number, pageRows: number, onActivate: (p: Position) => void) {
  const [active, setActive] = useState<Position>({ row: 0, col: 0 });
  // Clamp when the data shrinks under the remembered position.
  const current = { row: Math.min(active.row, Math.max(0, rows - 1)), col: Math.min(active.col, Math.max(0, cols - 1)) };

  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      let { row, col } = current;
      switch (e.key) {
        case 'ArrowUp':
          row -= 1;
          break;
        case 'ArrowDown':
          row += 1;
          break;
        case 'ArrowLeft':
          col -= 1;
          break;
        case 'ArrowRight':
          col += 1;
          break;
        case 'Home':
          col = 0;
          if (e.ctrlKey) {
            row = 0;
          }
          break;
        case 'End':
          col = cols - 1;
          if (e.ctrlKey) {
            row = rows - 1;
          }
          break;
        case 'PageUp':
          row -= pageRows;
          break;
        case 'PageDown':
          row += pageRows;
          break;
        case 'Enter':
        case ' ':
          e.preventDefault();
          onActivate(current);
          return;
        default:
          return;
      }
      e.preventDefault();
      setActive({ row: Math.max(0, Math.min(rows - 1, row)), col: Math.max(0, Math.min(cols - 1, col)) });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [current.row, current.col, rows, cols, pageRows, onActivate]
  );

  return { active: current, setActive, onKeyDown };
}
