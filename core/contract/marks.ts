import { columnLetter, columnNumber } from './address.js';
import { SHEETS } from './layout.js';
import type { Level } from '../plan/model.js';

/**
 * Marks the workbook owns. The issued workbook colours a data cell through a conditional format
 * that compares the cell with its twin on the veryHidden marks sheet: the twin holds the level and
 * the value the cell had when 检查 marked it. The add-in writes twins only when the unit asks for a
 * check, never while typing (before ExcelApi 1.20 every add-in write clears Excel's undo stack);
 * the moment the unit changes a marked cell the comparison fails and the mark goes by itself.
 * Pasted formats, the format painter and the fill handle copy the relative rule, which then looks
 * at the twin of its own cell, so a copied rule never brings a stale mark along.
 */

export const MARKS_SHEET = '_creditwork_marks';

/** Each data sheet's twins start this many columns to the right on the marks sheet. */
const OFFSET: Record<string, number> = { [SHEETS.tasks]: 0, [SHEETS.indicators]: 16 };
/** Columns a block spans: wider than any data sheet of the layout. */
const BLOCK_WIDTH = 16;

/** Defined names of the blocks; conditional formats reach the hidden sheet through them. */
export const MARK_NAMES: Record<string, string> = {
  [SHEETS.tasks]: 'cw_marks_tasks',
  [SHEETS.indicators]: 'cw_marks_indicators',
};

export const MARKED_SHEETS: readonly string[] = [SHEETS.tasks, SHEETS.indicators];

/** Level letters as stored in a twin; the conditional format of each level looks for its own. */
export const MARK_LETTER: Record<Level, string> = { error: 'E', warning: 'W' };

/** `任务进展!D7` → `D7` on the marks sheet; `监测指标!D7` → `T7`. */
export function markAddress(sheet: string, cell: string): string {
  const offset = OFFSET[sheet];
  if (offset === undefined) throw new Error(`no marks for sheet ${sheet}`);
  const match = /^([A-Z]+)(\d+)$/.exec(cell);
  if (!match) throw new Error(`not a cell: ${cell}`);
  const col = columnNumber(match[1]);
  if (col > BLOCK_WIDTH) throw new Error(`column ${match[1]} is outside the marks block`);
  return `${columnLetter(col + offset)}${match[2]}`;
}

/** The block of a data sheet on the marks sheet, rows 1..lastRow: what its defined name refers to. */
export function markBlock(sheet: string, lastRow: number): string {
  const offset = OFFSET[sheet];
  if (offset === undefined) throw new Error(`no marks for sheet ${sheet}`);
  return `$${columnLetter(offset + 1)}$1:$${columnLetter(offset + BLOCK_WIDTH)}$${lastRow}`;
}

/**
 * The conditional-format formula of one level for a range whose top-left cell is `topLeft`:
 * true while the cell still holds the value it was marked with.
 */
export function markFormula(sheet: string, level: Level, topLeft: string): string {
  return `INDEX(${MARK_NAMES[sheet]},ROW(),COLUMN())="${MARK_LETTER[level]}"&${topLeft}`;
}

/**
 * How Excel's `&` writes a cell value: General format, 15 significant digits, TRUE/FALSE, dates as
 * their serial number. A value this cannot reproduce exactly (numbers beyond 1e15) just leaves the
 * cell unmarked; it never marks a cell that changed.
 */
export function concatText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : '';
  return String(value);
}

/** What a twin holds for a cell marked at `level` while holding `value` (as the host reports it). */
export function markText(level: Level, value: unknown): string {
  return `${MARK_LETTER[level]}${concatText(value)}`;
}
