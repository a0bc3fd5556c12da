import type { CellGrid, RawCell, Scalar } from '../../core/contract/grid.js';
import { serialToDate } from '../../core/values/excel-serial.js';
import type { LeanCell, RawWorkbook } from './xlsx-read.js';

function scalar(cell: LeanCell, date1904: boolean): Scalar | null {
  switch (cell.kind) {
    case 'date':
      return serialToDate(cell.value as number, date1904);
    case 'error':
      return null;
    default:
      return cell.value as Scalar;
  }
}

/** The lean reader's cells as the rules' CellGrid, shaped exactly as the exceljs adapter shapes them. */
export function leanGrid(workbook: RawWorkbook): CellGrid {
  return {
    hasSheet: (sheet) => workbook.read.has(sheet),
    get: (sheet, address): RawCell => {
      const cell = workbook.read.get(sheet)?.cells.get(address);
      if (!cell) return null;
      if (cell.formula !== undefined) {
        const result = cell.value === '' && cell.kind === 'string' ? null : scalar(cell, workbook.date1904);
        return { formula: cell.formula, result };
      }
      const value = scalar(cell, workbook.date1904);
      return value === '' ? null : value;
    },
  };
}
