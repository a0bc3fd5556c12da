/**
 * A saved workbook as a spreadsheet host reports it, read with exceljs (a parser independent of
 * collect's): per cell the value Office's `values` and ET's `Value2` give (formula results, dates
 * as serials, rich text as plain text, errors as `#N/A`), the formula text, the number format, and
 * whether the cell is locked. The fake Excel and the fake WPS in the browser tests, the adapter
 * tests and the differential test all start from this one view.
 */
import ExcelJS from 'exceljs';
import type { CellWrite, RangeRead, WorkbookRead } from '../../addin/host.js';
import { dateToSerial } from '../../core/values/excel-serial.js';

export type FakeValue = string | number | boolean;

export interface FakeCell {
  /** '' for a blank cell that has a format (an unlocked input cell, a text-formatted twin). */
  v: FakeValue;
  /** `=A1*2` for a formula cell. */
  f?: string;
  /** Number format code; absent for General. */
  fmt?: string;
  /** An error value (#N/A…). */
  err?: boolean;
  /** Unlocked for editing on a protected sheet. */
  unlocked?: boolean;
}

export interface FakeSheet {
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  protected: boolean;
  /** Whether protection lets formats change (the issued data sheets allow it). */
  allowFormatCells: boolean;
  /** A1 → cell; absent cells are blank, General, locked. */
  cells: Record<string, FakeCell>;
  /** Column letter → number format for cells not listed (the marks sheet's text columns). */
  columnFormats: Record<string, string>;
}

export interface FakeWorkbook {
  fileName: string;
  sheets: FakeSheet[];
}

function hostValue(value: ExcelJS.CellValue): { v: FakeValue; err?: boolean } {
  if (value === null || value === undefined) return { v: '' };
  if (value instanceof Date) return { v: dateToSerial(value) };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result && typeof result === 'object' && 'error' in result)
        return { v: String(result.error), err: true };
      return hostValue((result ?? '') as ExcelJS.CellValue);
    }
    if ('richText' in value) return { v: value.richText.map((r) => r.text).join('') };
    if ('error' in value) return { v: String(value.error), err: true };
    if ('text' in value) return { v: String(value.text) };
    return { v: '' };
  }
  return { v: value };
}

export async function officeView(bytes: Uint8Array, fileName: string): Promise<FakeWorkbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets = wb.worksheets.map((ws): FakeSheet => {
    const cells: Record<string, FakeCell> = {};
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: true }, (cell) => {
        if (cell.isMerged && cell.master.address !== cell.address) return;
        const { v, err } = hostValue(cell.value);
        const formula = cell.formula ? `=${cell.formula}` : undefined;
        const fmt = cell.numFmt && cell.numFmt !== 'General' ? cell.numFmt : undefined;
        const unlocked = cell.protection?.locked === false;
        if (v === '' && !formula && !unlocked && !fmt) return;
        cells[cell.address] = {
          v,
          ...(formula ? { f: formula } : {}),
          ...(fmt ? { fmt } : {}),
          ...(err ? { err } : {}),
          ...(unlocked ? { unlocked } : {}),
        };
      });
    });
    const columnFormats: Record<string, string> = {};
    for (let c = 1; c <= ws.columnCount; c++) {
      const fmt = ws.getColumn(c).numFmt;
      if (fmt && fmt !== 'General') columnFormats[ws.getColumn(c).letter] = fmt;
    }
    const protection = (ws as unknown as { sheetProtection?: Record<string, boolean> }).sheetProtection;
    return {
      name: ws.name,
      visibility: ws.state === 'veryHidden' ? 'VeryHidden' : ws.state === 'hidden' ? 'Hidden' : 'Visible',
      protected: Boolean(protection?.sheet),
      allowFormatCells: Boolean(protection?.formatCells),
      cells,
      columnFormats,
    };
  });
  return { fileName, sheets };
}

function parse(address: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(address)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]), col };
}

function letters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * The used range of a sheet as Office reports it with `valuesOnly`: the rectangle around every
 * cell that holds a value or formula, blanks as '', General as "General".
 */
export function usedRange(sheet: FakeSheet): RangeRead | null {
  const filled = Object.entries(sheet.cells).filter(([, c]) => c.v !== '' || c.f);
  if (filled.length === 0) return null;
  const at = filled.map(([a]) => parse(a));
  const top = Math.min(...at.map((p) => p.row));
  const left = Math.min(...at.map((p) => p.col));
  const bottom = Math.max(...at.map((p) => p.row));
  const right = Math.max(...at.map((p) => p.col));
  const rows = (fn: (cell: FakeCell | undefined, letter: string) => unknown) =>
    Array.from({ length: bottom - top + 1 }, (_, r) =>
      Array.from({ length: right - left + 1 }, (_, c) => {
        const letter = letters(left + c);
        return fn(sheet.cells[`${letter}${top + r}`], letter);
      }),
    );
  return {
    origin: `${letters(left)}${top}`,
    values: rows((cell) => cell?.v ?? ''),
    formulas: rows((cell) => cell?.f ?? cell?.v ?? ''),
    numberFormats: rows(
      (cell, letter) => cell?.fmt ?? sheet.columnFormats[letter] ?? 'General',
    ) as string[][],
    errors: rows((cell) => Boolean(cell?.err)) as boolean[][],
  };
}

/** What a Host read of these sheets returns (the reference the adapters are held to). */
export function hostRead(workbook: FakeWorkbook, names: readonly string[]): WorkbookRead {
  const sheets = new Map<string, { name: string; used: RangeRead | null }>();
  for (const name of names) {
    const sheet = workbook.sheets.find((s) => s.name === name);
    if (sheet) sheets.set(name, { name, used: usedRange(sheet) });
  }
  return { sheets };
}

/** Applies host writes to the view, as a host would (text stays text). */
export function applyWrites(workbook: FakeWorkbook, writes: readonly CellWrite[]): void {
  for (const w of writes) {
    const sheet = workbook.sheets.find((s) => s.name === w.sheet)!;
    const origin = parse(w.address);
    w.values.forEach((line, r) =>
      line.forEach((text, c) => {
        const address = `${letters(origin.col + c)}${origin.row + r}`;
        sheet.cells[address] = { ...sheet.cells[address], v: text };
      }),
    );
  }
}
