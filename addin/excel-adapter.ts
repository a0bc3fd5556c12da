/**
 * The only code that talks to Excel. Deliberately thin: one batched read (one `context.sync`),
 * then the pure core decides, then one batched write (at most one more `context.sync`).
 */
import { anchorAtA1, type SheetRead, type WorkbookRead } from './grid.js';

export type WriteOp =
  /** Fill colour `#RRGGBB`, or null to remove the fill. */
  | { kind: 'fill'; sheet: string; address: string; color: string | null }
  /** Values written as text (number format `@`), so digits and `=` stay exactly as given. */
  | { kind: 'text'; sheet: string; address: string; values: string[][] };

interface PendingSheet {
  sheet: Excel.Worksheet;
  used: Excel.Range;
}

/** Reads every named sheet's values and protection state in exactly one round trip. */
export async function readWorkbook(
  context: Excel.RequestContext,
  names: readonly string[],
): Promise<WorkbookRead> {
  const pending = new Map<string, PendingSheet>();
  for (const name of names) {
    // Null objects keep a missing sheet from failing the whole batch.
    // isNullObject needs no load, only the sync.
    const sheet = context.workbook.worksheets.getItemOrNullObject(name);
    sheet.protection.load('protected,options');
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load('address,values');
    pending.set(name, { sheet, used });
  }
  await context.sync();
  const sheets = new Map<string, SheetRead>();
  for (const [name, { sheet, used }] of pending) {
    if (sheet.isNullObject) continue;
    const values = used.isNullObject ? [] : anchorAtA1(used.address, used.values as unknown[][]);
    const isProtected = Boolean(sheet.protection.protected);
    sheets.set(name, {
      name,
      values,
      protected: isProtected,
      allowFormatCells: !isProtected || Boolean(sheet.protection.options?.allowFormatCells),
      protectionOptions: isProtected ? pickProtectionOptions(sheet.protection.options) : undefined,
    });
  }
  return { sheets };
}

const PROTECTION_KEYS = [
  'allowAutoFilter',
  'allowDeleteColumns',
  'allowDeleteRows',
  'allowEditObjects',
  'allowEditScenarios',
  'allowFormatCells',
  'allowFormatColumns',
  'allowFormatRows',
  'allowInsertColumns',
  'allowInsertHyperlinks',
  'allowInsertRows',
  'allowPivotTables',
  'allowSort',
  'selectionMode',
] as const;

/** Copies the documented option fields only: the loaded object may carry proxy internals. */
function pickProtectionOptions(
  options: Excel.WorksheetProtectionOptions | undefined,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of PROTECTION_KEYS) {
    const value = options?.[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}

/**
 * Queues all writes and syncs once (or not at all when there is nothing to write). Protection is
 * lifted and restored inside the same batch for sheets that would refuse the writes; that works
 * for workbooks issued without a password (the default) and fails as one batch otherwise.
 */
export async function writeBatch(
  context: Excel.RequestContext,
  ops: readonly WriteOp[],
  read: WorkbookRead,
): Promise<boolean> {
  if (ops.length === 0) return false;
  const bySheet = new Map<string, WriteOp[]>();
  for (const op of ops) bySheet.set(op.sheet, [...(bySheet.get(op.sheet) ?? []), op]);
  for (const [name, sheetOps] of bySheet) {
    const sheet = context.workbook.worksheets.getItem(name);
    const info = read.sheets.get(name);
    const needsValues = sheetOps.some((op) => op.kind === 'text');
    const lift = Boolean(info?.protected) && (needsValues || !info?.allowFormatCells);
    if (lift) sheet.protection.unprotect();
    for (const op of sheetOps) {
      const range = sheet.getRange(op.address);
      if (op.kind === 'text') {
        range.numberFormat = op.values.map((row) => row.map(() => '@'));
        range.values = op.values;
      } else if (op.color === null) range.format.fill.clear();
      else range.format.fill.color = op.color;
    }
    // Restore exactly the protection the workbook came with.
    if (lift)
      sheet.protection.protect(info?.protectionOptions as Excel.WorksheetProtectionOptions | undefined);
  }
  await context.sync();
  return true;
}

/** Activates the sheet and selects the cell: one round trip. */
export async function selectCell(
  context: Excel.RequestContext,
  sheet: string,
  address: string,
): Promise<void> {
  const ws = context.workbook.worksheets.getItem(sheet);
  ws.activate();
  ws.getRange(address).select();
  await context.sync();
}
