import { columnLetter } from '../../core/contract/address.js';
import type { Cell, DataValidation, Worksheet } from 'exceljs';
import type { SheetFindings } from './findings.js';
import { plainValue, type Plain } from './values.js';

/** A column of a plan.xlsx table: header people see, width, and how it is read back. */
export interface Column<K extends string = string> {
  key: K;
  header: string;
  width: number;
  wrap?: boolean;
  /** A missing required column makes the whole sheet unreadable; optional columns read as blank. */
  required?: boolean;
  /** Hover note on the header cell explaining what to type. */
  note?: string;
  /** Other header texts accepted on read (e.g. an older layout). */
  aliases?: string[];
  /** Shown for reading only (e.g. a looked-up title); ignored on read and when deciding a row is blank. */
  info?: boolean;
}

/** Rows the validations and formats cover beyond the data, so rows the office adds get them too. */
export const EDIT_ROWS = 500;

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } } as const;
const THIN = { style: 'thin', color: { argb: 'FFB4B4B4' } } as const;

/** Header row, widths, wrapping, frozen header (and key columns), filter. */
export function setupTable(ws: Worksheet, columns: Column[], frozenColumns = 1): void {
  ws.columns = columns.map((column) => ({
    key: column.key,
    width: column.width,
    style: { alignment: { vertical: 'top', wrapText: column.wrap ?? false } },
  }));
  const header = ws.getRow(1);
  columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    if (column.note) cell.note = column.note;
  });
  header.height = 30;
  ws.views = [{ state: 'frozen', xSplit: frozenColumns, ySplit: 1, activeCell: 'A2' }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

/** Data validation over a whole column's editable rows. */
export function validateColumn(
  ws: Worksheet,
  columns: Column[],
  key: string,
  validation: DataValidation,
): void {
  const index = columns.findIndex((column) => column.key === key) + 1;
  if (index === 0) throw new Error(`no column ${key}`);
  const letter = columnLetter(index);
  // exceljs accepts a range key here although its typings only mention cells.
  (ws as unknown as { dataValidations: { add(range: string, v: DataValidation): void } }).dataValidations.add(
    `${letter}2:${letter}${EDIT_ROWS + 1}`,
    { allowBlank: true, showErrorMessage: true, showInputMessage: Boolean(validation.prompt), ...validation },
  );
}

export const listValidation = (formula: string, error: string, errorStyle = 'stop'): DataValidation => ({
  type: 'list',
  formulae: [formula],
  errorStyle,
  errorTitle: '请从下拉列表中选择',
  error,
});

/** One data row being read: each cell by column key with its A1 address. */
export interface TableRow<K extends string> {
  row: number;
  value(key: K): Plain;
  address(key: K): string;
  /** The raw cell, for readers that need its number format. */
  cell(key: K): Cell | undefined;
}

const normalizeHeader = (text: string) => text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');

/**
 * Finds each column by its header text (so the office may reorder or insert columns) and returns
 * the non-blank rows. Undefined when a required column is missing (already reported).
 */
export function readTable<K extends string>(
  ws: Worksheet,
  columns: Column<K>[],
  findings: SheetFindings,
): TableRow<K>[] | undefined {
  const positions = new Map<K, number>();
  const header = ws.getRow(1);
  const byText = new Map<string, number>();
  header.eachCell((cell, col) => {
    const text = plainValue(cell.value);
    if (typeof text === 'string') byText.set(normalizeHeader(text), col);
  });
  let complete = true;
  for (const column of columns) {
    const texts = [column.header, ...(column.aliases ?? [])].map(normalizeHeader);
    const col = texts.map((text) => byText.get(text)).find((c) => c !== undefined);
    if (col !== undefined) {
      positions.set(column.key, col);
    } else if (column.required) {
      complete = false;
      findings.error(
        `${columnLetter(Math.max(header.cellCount, 0) + 1)}1`,
        'plan.missing-column',
        `缺少列"${column.header}"：请在第1行恢复该列的表头（可从 creditwork init 生成的 plans/<年度>.xlsx 复制）`,
      );
    }
  }
  if (!complete) return undefined;

  const rows: TableRow<K>[] = [];
  const lastRow = ws.actualRowCount === 0 ? 0 : (ws.lastRow?.number ?? 0);
  for (let r = 2; r <= lastRow; r++) {
    const row = ws.getRow(r);
    const cellOf = (key: K) => {
      const col = positions.get(key);
      return col === undefined ? undefined : row.getCell(col);
    };
    const blank = columns
      .filter((column) => !column.info && positions.has(column.key))
      .every((column) => plainValue(row.getCell(positions.get(column.key)!).value) === null);
    if (blank) continue;
    rows.push({
      row: r,
      cell: cellOf,
      value: (key) => plainValue(cellOf(key)?.value),
      address: (key) =>
        `${columnLetter(positions.get(key) ?? columns.findIndex((c) => c.key === key) + 1)}${r}`,
    });
  }
  return rows;
}

const LINE_HEIGHT = 15.5;
const MAX_ROW_HEIGHT = 409;

/** Display width in Excel column units: CJK and full-width characters take two. */
function textWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(
        char,
      )
        ? 2
        : 1;
  return width;
}

/**
 * Row heights for wrapped text. Files written by exceljs carry no heights, and not every program
 * re-measures rows on open, so long task texts would show one cut-off line.
 */
export function fitRowHeights(ws: Worksheet, fromRow = 2): void {
  ws.eachRow((row, number) => {
    if (number < fromRow) return;
    let lines = 1;
    row.eachCell((cell, col) => {
      if (!cell.alignment?.wrapText) return;
      const width = Math.max(1, (ws.getColumn(col).width ?? 10) - 1);
      const text = plainValue(cell.value);
      if (text === null) return;
      const cellLines = String(text instanceof Date ? '' : text)
        .split('\n')
        .reduce((sum, line) => sum + Math.max(1, Math.ceil(textWidth(line) / width)), 0);
      lines = Math.max(lines, cellLines);
    });
    if (lines > 1) row.height = Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 3);
  });
}
