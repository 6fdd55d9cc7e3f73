/** A cell of `<user-table>`'s grid: its row (a user's index) and column. */
export interface Cell {
  row: number;
  column: number;
}

/**
 * Where the ARIA grid pattern (APG) moves the focus for a key: arrows to the neighbouring cell (left and right
 * mirrored in a right-to-left language), Home/End to the row's first and last cell, Ctrl+Home/End to the first and
 * last row, Page Up/Down by a screenful. Null for a key the grid does not handle.
 */
export function cellAfterKey(
  key: { key: string; ctrlKey: boolean },
  from: Cell,
  grid: { rows: number; columns: number; page: number; rtl: boolean },
): Cell | null {
  const last = grid.columns - 1;
  const forward = grid.rtl ? -1 : 1;
  const moves: Record<string, [rows: number, column: number]> = {
    ArrowDown: [1, from.column],
    ArrowUp: [-1, from.column],
    PageDown: [grid.page, from.column],
    PageUp: [-grid.page, from.column],
    ArrowRight: [0, from.column + forward],
    ArrowLeft: [0, from.column - forward],
    Home: key.ctrlKey ? [-Infinity, 0] : [0, 0],
    End: key.ctrlKey ? [Infinity, last] : [0, last],
  };
  const move = Object.hasOwn(moves, key.key) ? moves[key.key]! : null;
  if (!move) return null;
  const clamp = (n: number, max: number) => Math.max(0, Math.min(max, n));
  return { row: clamp(from.row + move[0], grid.rows - 1), column: clamp(move[1], last) };
}
