/**
 * What the add-in reads from Excel, as plain data: each sheet's values anchored at A1 so that
 * `values[row - 1][col - 1]` is the cell at (row, col), whatever the used range's origin was.
 */

export type CellValue = string | number | boolean | null;

export interface SheetRead {
  name: string;
  values: CellValue[][];
  protected: boolean;
  /** Whether protection lets the add-in recolour cells without lifting it. */
  allowFormatCells: boolean;
  /** As loaded, so protection lifted for a write is put back exactly. */
  protectionOptions?: Record<string, unknown>;
}

export interface WorkbookRead {
  /** Sheets the caller asked for, by name; absent when the workbook has no such sheet. */
  sheets: Map<string, SheetRead>;
}

/** `'任务进展'!B3:K40` or `Sheet1!B3` → top-left row/col (1-based). */
export function rangeOrigin(address: string): { row: number; col: number } {
  const local = address
    .slice(address.lastIndexOf('!') + 1)
    .split(':')[0]
    .replace(/\$/g, '');
  const match = /^([A-Z]+)(\d+)$/i.exec(local);
  if (!match) return { row: 1, col: 1 };
  let col = 0;
  for (const ch of match[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(match[2]), col };
}

/** Pads a used range's values out to an A1-anchored grid; Excel reports empty cells as ''. */
export function anchorAtA1(address: string, values: unknown[][]): CellValue[][] {
  const { row, col } = rangeOrigin(address);
  const grid: CellValue[][] = [];
  for (let r = 0; r < row - 1; r++) grid.push([]);
  for (const source of values) {
    const line: CellValue[] = new Array(col - 1).fill(null);
    for (const v of source) line.push(normalizeCell(v));
    grid.push(line);
  }
  return grid;
}

function normalizeCell(v: unknown): CellValue {
  if (v === '' || v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

export function cellAt(grid: CellValue[][], row: number, col: number): CellValue {
  return grid[row - 1]?.[col - 1] ?? null;
}
