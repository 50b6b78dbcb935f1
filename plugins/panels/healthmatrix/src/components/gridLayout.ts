/**
 * Geometry of the matrix: label gutter, header band and cell size. Cells grow to fill the panel
 * when there are few of them and keep their minimum size (the body scrolls) when there are many.
 */
export interface GridLayout {
  labelWidth: number;
  headerHeight: number;
  cellWidth: number;
  cellHeight: number;
  bodyWidth: number;
  bodyHeight: number;
}

const CHAR_PX = 7;
const MAX_LABEL = 220;
const MAX_CELL_HEIGHT = 96;

export function gridLayout(
  rows: string[],
  cols: number,
  width: number,
  height: number,
  minCellWidth: number,
  minCellHeight: number
): GridLayout {
  const longest = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const labelWidth = Math.min(MAX_LABEL, Math.max(48, longest * CHAR_PX + 16), Math.floor(width / 3));
  const headerHeight = 24;
  const bodyWidth = Math.max(0, width - labelWidth);
  const bodyHeight = Math.max(0, height - headerHeight);
  const cellWidth = Math.max(minCellWidth, cols > 0 ? Math.floor(bodyWidth / cols) : minCellWidth);
  const fitHeight = rows.length > 0 ? Math.floor(bodyHeight / rows.length) : minCellHeight;
  const cellHeight = Math.max(minCellHeight, Math.min(MAX_CELL_HEIGHT, fitHeight));
  return { labelWidth, headerHeight, cellWidth, cellHeight, bodyWidth, bodyHeight };
}
