import type ExcelJS from 'exceljs';
import {
  dateWindow,
  FIRST_DATA_ROW,
  HEADER_ROW,
  SHEETS,
  SUBTITLE_ROW,
  TASK_COLUMN,
  TASK_COLUMNS,
  taskContentText,
  TITLE_ROW,
  type ColumnSpec,
  type UnitRows,
} from '../../core/contract/index.js';
import { ROLE_LABELS } from '../../core/plan/model.js';
import { TASK_STATUS_LABELS } from '../../core/submission.js';
import type { Prefill } from './prefill.js';
import {
  FONT_NAME,
  MISSING_FILL,
  printSetup,
  rowHeightFor,
  styleHeader,
  styleInput,
  styleLocked,
} from './styles.js';
import { nativeValidation } from './validation.js';

export interface SheetContext {
  rows: UnitRows;
  planYear: number;
  title: string;
  subtitle: string;
  prefill: Prefill;
  password: string;
}

function writeTitle(ws: ExcelJS.Worksheet, title: string, subtitle: string, lastCol: string): void {
  ws.mergeCells(`A${TITLE_ROW}:${lastCol}${TITLE_ROW}`);
  ws.mergeCells(`A${SUBTITLE_ROW}:${lastCol}${SUBTITLE_ROW}`);
  const t = ws.getCell(`A${TITLE_ROW}`);
  t.value = title;
  t.font = { name: FONT_NAME, size: 14, bold: true };
  t.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(TITLE_ROW).height = 26;
  const s = ws.getCell(`A${SUBTITLE_ROW}`);
  s.value = subtitle;
  s.font = { name: FONT_NAME, size: 10 };
  s.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
  ws.getRow(SUBTITLE_ROW).height = 30;
}

/**
 * A data sheet of the contract: title and subtitle above, the header row, and panes frozen so the
 * key column and headers stay in view while the cursor starts on the first input cell.
 */
export function addDataSheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: readonly ColumnSpec[],
  tabColor: string,
  ctx: Pick<SheetContext, 'title' | 'subtitle'>,
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [
      {
        state: 'frozen',
        xSplit: 1,
        ySplit: HEADER_ROW,
        topLeftCell: `B${FIRST_DATA_ROW}`,
        activeCell: `D${FIRST_DATA_ROW}`,
      },
    ],
    properties: { tabColor: { argb: tabColor } },
  });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  writeTitle(ws, ctx.title, ctx.subtitle, columns[columns.length - 1].letter);
  for (const col of columns)
    styleHeader(Object.assign(ws.getCell(`${col.letter}${HEADER_ROW}`), { value: col.header }));
  ws.getRow(HEADER_ROW).height = 30;
  return ws;
}

/** Required cells still empty turn orange; the conditions mirror core/rules' cross-field rules. */
const STATUS = TASK_STATUS_LABELS;
const statusIn = (row: number, ...labels: string[]) =>
  `OR(${labels.map((l) => `$${TASK_COLUMN.status.letter}${row}="${l}"`).join(',')})`;

export async function writeTaskSheet(wb: ExcelJS.Workbook, ctx: SheetContext): Promise<void> {
  const ws = addDataSheet(wb, SHEETS.tasks, TASK_COLUMNS, 'FF4472C4', ctx);

  for (const t of ctx.rows.tasks) {
    const r = t.row;
    const pre = ctx.prefill.tasks.get(t.task);
    const content = taskContentText(t);
    const set = (key: keyof typeof TASK_COLUMN, value: ExcelJS.CellValue) => {
      const cell = ws.getCell(`${TASK_COLUMN[key].letter}${r}`);
      cell.value = value;
      return cell;
    };
    styleLocked(set('number', t.task), 'center');
    styleLocked(set('content', content));
    styleLocked(set('role', ROLE_LABELS[t.role]), 'center');
    styleInput(set('status', pre?.status ? STATUS[pre.status] : null), 'center');
    styleInput(set('percent', pre?.percent ?? null), 'center');
    styleInput(set('progress', null));
    styleInput(set('problems', pre?.problems || null));
    styleInput(set('nextSteps', pre?.nextSteps || null));
    const planned = set(
      'plannedCompletion',
      pre?.plannedCompletion ? new Date(`${pre.plannedCompletion}T00:00:00Z`) : null,
    );
    styleInput(planned, 'center');
    planned.numFmt = 'yyyy-mm-dd';
    styleInput(set('evidence', pre?.evidence || null));
    ws.getRow(r).height = rowHeightFor(
      [
        { text: content, width: TASK_COLUMN.content.width },
        ...(['problems', 'nextSteps', 'evidence'] as const).map((k) => ({
          text: pre?.[k] ?? '',
          width: TASK_COLUMN[k].width,
        })),
      ],
      3,
    );
  }

  const first = FIRST_DATA_ROW;
  const last = FIRST_DATA_ROW + ctx.rows.tasks.length - 1;
  if (ctx.rows.tasks.length > 0) {
    for (const col of TASK_COLUMNS) {
      if (!col.input) continue;
      const dates = col.input === 'date' ? dateWindow('plannedCompletion', ctx.planYear) : undefined;
      // Per cell: exceljs merges identical neighbours into one range when it writes.
      const validation = nativeValidation(col.input, col.header, dates);
      for (let r = first; r <= last; r++) ws.getCell(`${col.letter}${r}`).dataValidation = validation;
    }
    const missing = (key: keyof typeof TASK_COLUMN, condition: (row: number) => string) => {
      const letter = TASK_COLUMN[key].letter;
      ws.addConditionalFormatting({
        ref: `${letter}${first}:${letter}${last}`,
        rules: [
          {
            type: 'expression',
            priority: 1,
            formulae: [`AND(LEN(TRIM(${letter}${first}))=0,${condition(first)})`],
            style: { fill: MISSING_FILL },
          },
        ],
      });
    };
    missing('status', () => 'TRUE');
    missing('percent', (r) => statusIn(r, STATUS['in-progress'], STATUS.done, STATUS.behind));
    missing('progress', (r) => statusIn(r, STATUS['in-progress'], STATUS.behind, STATUS['not-applicable']));
    missing('problems', (r) => statusIn(r, STATUS.behind));
    missing('plannedCompletion', (r) => statusIn(r, STATUS.behind));
    missing('evidence', (r) => statusIn(r, STATUS.done));
  } else {
    // Column A stays empty below the header: the contract reads it as "no rows".
    const note = ws.getCell(`B${FIRST_DATA_ROW}`);
    note.value = '本单位本期无需填报重点任务进展。';
    note.font = { name: FONT_NAME, size: 10, italic: true };
  }

  printSetup(ws, `${HEADER_ROW}:${HEADER_ROW}`);
  await protect(ws, ctx.password);
}

/**
 * Protect the structure but let people resize rows and columns: long answers need taller rows.
 * Cell formats stay open so the add-in can colour invalid cells without lifting protection, which
 * would fail once the office sets a password.
 * Without a password Excel's 撤销工作表保护 needs no password, which is the office's default.
 */
export async function protect(ws: ExcelJS.Worksheet, password: string): Promise<void> {
  await ws.protect(password, {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatCells: true,
    formatColumns: true,
    formatRows: true,
    insertRows: false,
    deleteRows: false,
    insertColumns: false,
    deleteColumns: false,
    sort: false,
    autoFilter: false,
    // A low spin count keeps 50 workbooks fast; the password only guards against slips, not attacks.
    spinCount: 1000,
  });
}
