/**
 * The host's report of a workbook turned into the rules' CellGrid, shaped exactly as collect's
 * reader shapes a saved file (reporter/collect/lean-grid.ts): formulas as formulas with their
 * result, date-formatted numbers as dates, error values as blank. Both then run the same rules,
 * so the pane and the office reach the same verdict (tests/addin-differential.test.ts).
 */
import type { CellGrid, RawCell } from '../core/contract/grid.js';
import { parseAddress } from '../core/contract/address.js';
import { isDateFormat, serialToDate } from '../core/values/excel-serial.js';
import type { RangeRead, WorkbookRead } from './host.js';

interface Located {
  range: RangeRead;
  r: number;
  c: number;
}

function locate(range: RangeRead | null | undefined, address: string): Located | null {
  if (!range) return null;
  const origin = parseAddress(range.origin);
  const at = parseAddress(address);
  const r = at.row - origin.row;
  const c = at.col - origin.col;
  if (r < 0 || c < 0 || r >= range.values.length || c >= (range.values[r]?.length ?? 0)) return null;
  return { range, r, c };
}

function isBlank(value: unknown): boolean {
  return value === '' || value === null || value === undefined;
}

function scalar({ range, r, c }: Located, value: unknown): Exclude<RawCell, object> | Date | null {
  if (isBlank(value) || range.errors?.[r]?.[c]) return null;
  if (typeof value === 'number') {
    const format = range.numberFormats?.[r]?.[c];
    return format && isDateFormat(format) ? serialToDate(value) : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

/** One cell as the rules see it. */
export function rawCell(located: Located): RawCell {
  const { range, r, c } = located;
  const value = range.values[r]?.[c];
  const formula = range.formulas[r]?.[c];
  // A text constant that starts with '=' reports the same text as value and formula.
  if (typeof formula === 'string' && formula.startsWith('=') && formula !== value) {
    return { formula: formula.slice(1), result: scalar(located, value) };
  }
  return scalar(located, value);
}

/** The rules' grid over a host read, plus each cell's value exactly as the host reported it. */
export interface HostGrid extends CellGrid {
  /** The reported value ('' for blank), which is what Excel's `&` sees in a conditional format. */
  reported(sheet: string, address: string): unknown;
}

export function gridOf(read: WorkbookRead): HostGrid {
  const at = (sheet: string, address: string) => locate(read.sheets.get(sheet)?.used, address);
  return {
    hasSheet: (sheet) => read.sheets.has(sheet),
    get: (sheet, address) => {
      const located = at(sheet, address);
      return located ? rawCell(located) : null;
    },
    reported: (sheet, address) => {
      const located = at(sheet, address);
      return located ? (located.range.values[located.r]?.[located.c] ?? '') : '';
    },
  };
}
