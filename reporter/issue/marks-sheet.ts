import type ExcelJS from 'exceljs';
import {
  FIRST_DATA_ROW,
  INDICATOR_COLUMNS,
  MARKED_SHEETS,
  MARKS_SHEET,
  MARK_NAMES,
  SHEETS,
  TASK_COLUMNS,
  markBlock,
  markFormula,
  type ColumnSpec,
  type UnitRows,
} from '../../core/contract/index.js';
import type { Level } from '../../core/plan/model.js';
import { fill } from './styles.js';

/** Excel's own "bad" and "neutral" cell styles, so marks read as Excel's language. */
const MARK_FILLS: Record<Level, ExcelJS.Fill> = { error: fill('FFFFC7CE'), warning: fill('FFFFEB9C') };
const MARK_FONTS: Record<Level, Partial<ExcelJS.Font>> = {
  error: { color: { argb: 'FF9C0006' } },
  warning: { color: { argb: 'FF9C5700' } },
};

/** Contiguous runs of input columns: one conditional format each, relative to its own top-left. */
function inputRuns(columns: readonly ColumnSpec[]): [string, string][] {
  const runs: [string, string][] = [];
  let start: ColumnSpec | null = null;
  let prev: ColumnSpec | null = null;
  for (const c of columns) {
    if (!c.locked) {
      start ??= c;
      prev = c;
    } else if (start && prev) {
      runs.push([start.letter, prev.letter]);
      start = prev = null;
    }
  }
  if (start && prev) runs.push([start.letter, prev.letter]);
  return runs;
}

/**
 * The workbook-owned marks (see core/contract/marks.ts): the veryHidden, unprotected marks sheet
 * with text cells, a defined name per data sheet, and the conditional formats on every input cell,
 * ahead of the issuer's own formats so a mark wins over "still to fill".
 */
export function writeMarks(wb: ExcelJS.Workbook, rows: UnitRows): void {
  const lastRow = FIRST_DATA_ROW + Math.max(rows.tasks.length, rows.indicators.length) + 1;
  const marks = wb.addWorksheet(MARKS_SHEET, { state: 'veryHidden' });
  // Twins are text: a value like 1/2 written by the add-in must not turn into a date.
  for (let c = 1; c <= 32; c++) marks.getColumn(c).numFmt = '@';
  const layout: Record<string, { columns: readonly ColumnSpec[]; count: number }> = {
    [SHEETS.tasks]: { columns: TASK_COLUMNS, count: rows.tasks.length },
    [SHEETS.indicators]: { columns: INDICATOR_COLUMNS, count: rows.indicators.length },
  };
  for (const sheet of MARKED_SHEETS) {
    wb.definedNames.add(`'${MARKS_SHEET}'!${markBlock(sheet, lastRow)}`, MARK_NAMES[sheet]);
    const { columns, count } = layout[sheet];
    const ws = wb.getWorksheet(sheet);
    if (!ws || count === 0) continue;
    const last = FIRST_DATA_ROW + count - 1;
    const own = inputRuns(columns).map(([from, to]) => ({
      ref: `${from}${FIRST_DATA_ROW}:${to}${last}`,
      rules: (['error', 'warning'] as const).map((level) => ({
        type: 'expression' as const,
        priority: 0,
        formulae: [markFormula(sheet, level, `${from}${FIRST_DATA_ROW}`)],
        style: { fill: MARK_FILLS[level], font: MARK_FONTS[level] },
      })),
    }));
    const formats = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] })
      .conditionalFormattings;
    formats.unshift(...own);
    // Excel applies the lowest priority number first; number every rule so marks come first.
    let priority = 1;
    for (const format of formats) for (const rule of format.rules) rule.priority = priority++;
  }
}
