import type ExcelJS from 'exceljs';
import type { CellGrid, RawCell } from '../../core/contract/index.js';

/** An exceljs workbook as the rules' cell grid. Formulas stay formulas: their results are not trusted. */
export function gridFromExcelJs(workbook: ExcelJS.Workbook): CellGrid {
  return {
    hasSheet: (sheet) => workbook.getWorksheet(sheet) !== undefined,
    get: (sheet, address) => {
      const ws = workbook.getWorksheet(sheet);
      return ws ? rawFromExcelJs(ws.getCell(address).value) : null;
    },
  };
}

export function rawFromExcelJs(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  ) {
    return value === '' ? null : value;
  }
  const v = value as unknown as Record<string, unknown>;
  if (typeof v.formula === 'string' || typeof v.sharedFormula === 'string') {
    const result = v.result as RawCell | undefined;
    return { formula: String(v.formula ?? v.sharedFormula), result: isScalar(result) ? result : null };
  }
  if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  if (typeof v.text === 'string') return v.text;
  if (typeof v.error === 'string') return v.error;
  return null;
}

function isScalar(value: unknown): value is string | number | boolean | Date {
  return ['string', 'number', 'boolean'].includes(typeof value) || value instanceof Date;
}
