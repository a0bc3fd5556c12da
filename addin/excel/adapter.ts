/**
 * Office.js (Excel) behind the pane's Host interface: every call is one `Excel.run` with one
 * `context.sync`. Runs wait while the user edits a cell (`delayForCellEdit`) instead of failing.
 */
import type { CellWrite, Host, HostEvent, HostFailure, RangeRead, SheetRead, WorkbookFile } from '../host.js';

type Run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface ExcelHostOptions {
  /** How a batch reaches Excel; tests pass a mock context. */
  run?: Run;
  /** The document for 提交 (Office.context.document); tests pass a fake. */
  document?: () => Office.Document;
}

/** Runs wait for the user to leave cell edit mode (ignored by builds without the option). */
const officeRun: Run = (batch) => Excel.run({ delayForCellEdit: true }, batch);

/** `'任务 进展'!B3:K40` → `B3`. */
export function originOf(address: string): string {
  return address
    .slice(address.lastIndexOf('!') + 1)
    .split(':')[0]
    .replace(/\$/g, '');
}

/** Excel's error codes (OfficeExtension.Error.code), never its translated messages. */
const TRANSIENT = new Set([
  'InvalidOperationInCellEditMode',
  'GeneralException',
  'Conflict',
  'RequestAborted',
  'ActivityLimitReached',
  'InactiveWorkbook',
  'ConnectionFailure',
  'ItemNotFound',
]);
const UNSUPPORTED = new Set(['ApiNotFound', 'NotImplemented', 'UnsupportedOperation', 'UnsupportedFeature']);

export function classifyExcelError(error: unknown): HostFailure {
  const raw = (error as { code?: unknown } | null)?.code;
  const code = raw === undefined || raw === null ? 'Unknown' : String(raw);
  if (code === 'AccessDenied') return { kind: 'protected', code };
  if (TRANSIENT.has(code)) return { kind: 'transient', code };
  if (UNSUPPORTED.has(code)) return { kind: 'unsupported', code };
  return { kind: 'failed', code };
}

/** Compressed (the .xlsx) in 4 MB slices, the largest Office allows. */
const SLICE_SIZE = 4 * 1024 * 1024;

function getFile(document: Office.Document): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    document.getFileAsync(Office.FileType.Compressed, { sliceSize: SLICE_SIZE }, (opened) => {
      if (opened.status !== Office.AsyncResultStatus.Succeeded) {
        reject(opened.error);
        return;
      }
      const file = opened.value;
      const parts: Uint8Array[] = [];
      // Office keeps at most two files open per document: close it whatever happens.
      const finish = (error: unknown) =>
        file.closeAsync(() => {
          if (error) {
            reject(error);
            return;
          }
          const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
          let at = 0;
          for (const p of parts) {
            bytes.set(p, at);
            at += p.length;
          }
          resolve(bytes);
        });
      const next = (index: number) => {
        if (index >= file.sliceCount) {
          finish(null);
          return;
        }
        file.getSliceAsync(index, (slice) => {
          if (slice.status !== Office.AsyncResultStatus.Succeeded) {
            finish(slice.error);
            return;
          }
          parts.push(Uint8Array.from(slice.value.data as ArrayLike<number>));
          next(index + 1);
        });
      };
      next(0);
    });
  });
}

function fileName(document: Office.Document): string {
  const url = document.url ?? '';
  const base = decodeURIComponent(url.split(/[\\/]/).pop() ?? '');
  return /\.xlsx$/i.test(base) ? base : '填报表.xlsx';
}

export function excelHost(options: ExcelHostOptions = {}): Host {
  const run = options.run ?? officeRun;
  const document = options.document ?? (() => Office.context.document);
  return {
    kind: 'excel',

    read: (names) =>
      run(async (context) => {
        const pending = names.map((name) => {
          // Null objects keep a missing sheet from failing the batch; isNullObject needs no load.
          const sheet = context.workbook.worksheets.getItemOrNullObject(name);
          const used = sheet.getUsedRangeOrNullObject(true);
          used.load('address,values,formulas,numberFormat,valueTypes');
          return { name, sheet, used };
        });
        await context.sync();
        const sheets = new Map<string, SheetRead>();
        for (const { name, sheet, used } of pending) {
          if (sheet.isNullObject) continue;
          const range: RangeRead | null = used.isNullObject
            ? null
            : {
                origin: originOf(used.address),
                values: used.values,
                formulas: used.formulas,
                numberFormats: used.numberFormat as (string | null)[][],
                errors: used.valueTypes.map((row) => row.map((t) => t === 'Error')),
              };
          sheets.set(name, { name, used: range });
        }
        return { sheets };
      }),

    write: async (writes: readonly CellWrite[]) => {
      if (writes.length === 0) return;
      await run(async (context) => {
        for (const w of writes) {
          const rows = w.values.length;
          const cols = w.values[0]?.length ?? 0;
          // Cells were issued as text (@): values stay exactly as written, without lifting protection.
          context.workbook.worksheets
            .getItem(w.sheet)
            .getRange(w.address)
            .getResizedRange(rows - 1, cols - 1).values = w.values;
        }
        await context.sync();
      });
    },

    select: (sheet, cell) =>
      run(async (context) => {
        const ws = context.workbook.worksheets.getItem(sheet);
        ws.activate();
        ws.getRange(cell).select();
        await context.sync();
      }),

    listen: (names, onEvent: (event: HostEvent) => void) =>
      run(async (context) => {
        const watched = names.map((name) => ({
          name,
          sheet: context.workbook.worksheets.getItemOrNullObject(name),
        }));
        await context.sync();
        for (const { name, sheet } of watched) {
          if (sheet.isNullObject) continue;
          sheet.onChanged.add(async () => onEvent({ kind: 'edit', sheet: name }));
        }
        // A dropdown pick does not raise onChanged in every Excel build; the user moves on after it.
        context.workbook.worksheets.onActivated.add(async () => onEvent({ kind: 'move' }));
        context.workbook.onSelectionChanged.add(async () => onEvent({ kind: 'move' }));
        await context.sync();
      }),

    file: async (): Promise<WorkbookFile> => {
      const doc = document();
      return { name: fileName(doc), bytes: await getFile(doc) };
    },

    classify: classifyExcelError,
  };
}
