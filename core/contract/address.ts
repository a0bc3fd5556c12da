/** A1-style cell addresses, shared by the workbook writer, the rules and the add-in. */

export interface CellRef {
  /** 1-based column number: A = 1. */
  col: number;
  /** 1-based row number. */
  row: number;
}

export function columnLetter(col: number): string {
  if (!Number.isInteger(col) || col < 1) throw new RangeError(`column out of range: ${col}`);
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

export function columnNumber(letters: string): number {
  if (!/^[A-Z]+$/.test(letters)) throw new RangeError(`not a column: ${letters}`);
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function cellAddress(col: number | string, row: number): string {
  return `${typeof col === 'number' ? columnLetter(col) : col}${row}`;
}

export function parseAddress(address: string): CellRef {
  const match = /^\$?([A-Z]+)\$?(\d+)$/.exec(address.toUpperCase());
  if (!match) throw new RangeError(`not an A1 address: ${address}`);
  return { col: columnNumber(match[1]), row: Number(match[2]) };
}

/** `D4:D9`, or `D4` when the range is a single cell. */
export function rangeAddress(col: string, firstRow: number, lastRow: number, lastCol = col): string {
  const first = `${col}${firstRow}`;
  const last = `${lastCol}${lastRow}`;
  return first === last ? first : `${first}:${last}`;
}

/** `任务进展!G7`: how messages and findings name a place. */
export function qualified(sheet: string, address: string): string {
  return `${sheet}!${address}`;
}
