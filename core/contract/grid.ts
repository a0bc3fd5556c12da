import { parseAddress } from './address.js';

/**
 * A workbook as the rules see it: sheet → A1 address → raw value. The reporter fills it from
 * exceljs, the add-in from Office.js range reads, tests from plain objects; the rules cannot tell
 * the difference.
 */

export type Scalar = string | number | boolean | Date;

/** A cell holding a formula. Input cells should never hold one: a formula's result is not trusted. */
export interface FormulaCell {
  formula: string;
  result?: Scalar | null;
}

export type RawCell = Scalar | FormulaCell | null;

export interface CellGrid {
  hasSheet(sheet: string): boolean;
  /** null for a blank or absent cell (and for any cell of a missing sheet). */
  get(sheet: string, address: string): RawCell;
}

export function isFormulaCell(value: RawCell): value is FormulaCell {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && 'formula' in value;
}

/** `{ 任务进展: { D4: '推进中' } }` — tests and small adapters. */
export function gridFromObject(sheets: Record<string, Record<string, RawCell>>): CellGrid {
  return {
    hasSheet: (sheet) => Object.prototype.hasOwnProperty.call(sheets, sheet),
    get: (sheet, address) => sheets[sheet]?.[address] ?? null,
  };
}

/**
 * Office.js hands back `usedRange.values` as rows of columns starting at the range's top-left;
 * pass that origin (usually A1) so addresses line up.
 */
export function gridFromRows(sheets: Record<string, { origin?: string; rows: RawCell[][] }>): CellGrid {
  return {
    hasSheet: (sheet) => Object.prototype.hasOwnProperty.call(sheets, sheet),
    get: (sheet, address) => {
      const data = sheets[sheet];
      if (!data) return null;
      const origin = parseAddress(data.origin ?? 'A1');
      const ref = parseAddress(address);
      const value = data.rows[ref.row - origin.row]?.[ref.col - origin.col];
      return value === undefined || value === '' ? null : value;
    },
  };
}

/**
 * One text per cell, stable across Excel, WPS and LibreOffice re-saves, for comparing locked
 * cells. Line endings are unified because LibreOffice may write CR LF.
 */
export function canonicalText(value: RawCell): string {
  if (value === null || value === undefined) return '';
  if (isFormulaCell(value)) return `=${value.formula.replace(/^=/, '')}`;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  return value.replace(/\r\n?/g, '\n');
}
