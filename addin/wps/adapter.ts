/**
 * WPS 表格 behind the pane's Host interface. The ET model is synchronous and in-process, so a
 * "round trip" is a run of property reads; each call reads whole ranges (`Value2`, `Formula`)
 * rather than cell by cell. The one pane follows whichever workbook is active.
 */
import { columnLetter } from '../../core/contract/address.js';
import type { CellWrite, Host, HostEvent, HostFailure, RangeRead, SheetRead, WorkbookFile } from '../host.js';
import type { EtApplication, EtRange, EtWorkbook } from './et.js';

/** An error of ours with a code, like Office's, so the controller can tell it apart. */
export class WpsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** COM error values (VT_ERROR) as they reach JavaScript: #NULL!, #DIV/0!, #VALUE!, #REF!, #NAME?, #NUM!, #N/A. */
const COM_ERRORS = new Set([
  -2146826288, -2146826281, -2146826273, -2146826265, -2146826259, -2146826252, -2146826246,
]);

/** ET gives one cell's value as a scalar and a larger range's as rows of columns. */
function grid(value: unknown): unknown[][] {
  return Array.isArray(value) ? value.map((row) => (Array.isArray(row) ? row : [row])) : [[value]];
}

/**
 * Number formats of a range: one read per column (a column of a form shares its format), and
 * cell by cell only where ET reports a column as mixed (null).
 */
function numberFormats(used: EtRange, rows: number, cols: number): (string | null)[][] {
  const out: (string | null)[][] = Array.from({ length: rows }, () =>
    new Array<string | null>(cols).fill(null),
  );
  for (let c = 1; c <= cols; c++) {
    const column = used.Columns.Item(c).NumberFormat;
    for (let r = 1; r <= rows; r++) {
      out[r - 1][c - 1] = column ?? used.Cells.Item(r, c).NumberFormat;
    }
  }
  return out;
}

function readRange(used: EtRange): RangeRead | null {
  const rows = used.Rows.Count;
  const cols = used.Columns.Count;
  const values = grid(used.Value2).map((row) => row.map((v) => (v === undefined || v === null ? '' : v)));
  if (values.every((row) => row.every((v) => v === ''))) return null;
  const errors = values.map((row) => row.map((v) => typeof v === 'number' && COM_ERRORS.has(v)));
  return {
    origin: `${columnLetter(used.Column)}${used.Row}`,
    values: values.map((row, r) => row.map((v, c) => (errors[r][c] ? '' : v))),
    formulas: grid(used.Formula),
    numberFormats: numberFormats(used, rows, cols),
    errors,
  };
}

export function classifyWpsError(error: unknown): HostFailure {
  if (error instanceof WpsError) {
    return {
      kind: error.code === 'NoWorkbook' ? 'transient' : 'failed',
      code: error.code,
      message: error.message,
    };
  }
  // ET raises plain exceptions without codes; a protected sheet names itself in the COM error number.
  const number = (error as { number?: unknown } | null)?.number;
  if (number === -2146827284 || number === 1004) return { kind: 'protected', code: String(number) };
  return { kind: 'transient', code: error instanceof Error ? error.name : 'Error' };
}

/** A binary string (one char per byte, as WPS's FileSystem returns files) as bytes. */
export function binaryStringBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

export function wpsHost(app: EtApplication): Host {
  const workbook = (): EtWorkbook => {
    const wb = app.ActiveWorkbook;
    if (!wb) throw new WpsError('NoWorkbook', '没有打开的工作簿');
    return wb;
  };
  const sheetOf = (wb: EtWorkbook, name: string) => {
    // Sheets.Item throws for a missing name, as in Excel's COM model.
    try {
      return wb.Sheets.Item(name);
    } catch {
      return null;
    }
  };

  return {
    kind: 'wps',

    read: async (names) => {
      const wb = app.ActiveWorkbook;
      const sheets = new Map<string, SheetRead>();
      if (!wb) return { sheets };
      for (const name of names) {
        const ws = sheetOf(wb, name);
        if (ws) sheets.set(name, { name, used: readRange(ws.UsedRange) });
      }
      return { sheets };
    },

    write: async (writes: readonly CellWrite[]) => {
      if (writes.length === 0) return;
      const wb = workbook();
      for (const w of writes) {
        const ws = wb.Sheets.Item(w.sheet);
        const rows = w.values.length;
        const cols = w.values[0]?.length ?? 0;
        const range = ws.Range(w.address);
        const target =
          rows === 1 && cols === 1
            ? range
            : ws.Range(`${w.address}:${columnLetter(range.Column + cols - 1)}${range.Row + rows - 1}`);
        target.Value2 = rows === 1 && cols === 1 ? w.values[0][0] : w.values;
      }
    },

    select: async (sheet, cell) => {
      const ws = workbook().Sheets.Item(sheet);
      ws.Activate();
      ws.Range(cell).Select();
    },

    listen: async (names, onEvent: (event: HostEvent) => void) => {
      const events = app.ApiEvent;
      // Programmatic writes raise SheetChange too; only the watched data sheets count.
      events.AddApiEventListener('SheetChange', ((sh: { Name: string }) => {
        if (names.includes(sh?.Name)) onEvent({ kind: 'edit', sheet: sh.Name });
      }) as never);
      events.AddApiEventListener('SheetSelectionChange', (() => onEvent({ kind: 'move' })) as never);
      events.AddApiEventListener('SheetActivate', (() => onEvent({ kind: 'move' })) as never);
      // The task pane is shared by every open workbook: follow the active one.
      events.AddApiEventListener('WorkbookActivate', (() => onEvent({ kind: 'workbook' })) as never);
      events.AddApiEventListener('WorkbookOpen', (() => onEvent({ kind: 'workbook' })) as never);
    },

    /**
     * WPS has no getFileAsync: the workbook is saved where the unit keeps it, then that file is read
     * through WPS's FileSystem, so what is sent is exactly what stays on the unit's disk.
     */
    file: async (): Promise<WorkbookFile> => {
      const wb = workbook();
      if (!wb.Path)
        throw new WpsError(
          'NotSaved',
          '本表还没有保存到电脑上：请先保存（Ctrl+S）为 .xlsx 文件，再点“提交”。',
        );
      if (!/\.xlsx$/i.test(wb.FullName))
        throw new WpsError(
          'NotXlsx',
          `本表当前是“${wb.Name}”，不是 .xlsx 格式：请另存为 Excel 工作簿（.xlsx）后再提交。`,
        );
      wb.Save();
      const bytes = binaryStringBytes(app.FileSystem.readAsBinaryString(wb.FullName));
      return { name: wb.Name, bytes };
    },

    classify: classifyWpsError,
  };
}
