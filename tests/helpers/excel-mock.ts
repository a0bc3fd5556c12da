/**
 * Excel for adapter tests, on office-addin-mock: every Excel.run gets a new request context built
 * from a FakeWorkbook (tests/browser/office-view.ts), properties exist only after load + sync, and
 * writes land in the workbook when the context syncs. `context.sync` is spied on, so a test can
 * hold the adapter to its round-trip budget.
 */
import { OfficeMockObject } from 'office-addin-mock';
import type { CellWrite } from '../../addin/host.js';
import { applyWrites, usedRange, type FakeWorkbook } from '../browser/office-view.js';

export interface ExcelMock {
  run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;
  /** context.sync calls since the last reset. */
  syncs(): number;
  /** Writes applied, in order. */
  writes: CellWrite[];
  /** Everything else the adapter asked Excel to do (select, activate, protect…). */
  calls: string[];
  handlers: {
    changed: Map<string, (() => Promise<void>)[]>;
    activated: (() => Promise<void>)[];
    selection: (() => Promise<void>)[];
  };
  reset(): void;
}

const valueType = (v: unknown, err: boolean) =>
  err
    ? 'Error'
    : v === ''
      ? 'Empty'
      : typeof v === 'number'
        ? 'Double'
        : typeof v === 'boolean'
          ? 'Boolean'
          : 'String';

function letters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function endOf(origin: string, rows: number, cols: number): string {
  const m = /^([A-Z]+)(\d+)$/.exec(origin)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return `${letters(col + cols - 1)}${Number(m[2]) + rows - 1}`;
}

export function excelMock(workbook: FakeWorkbook): ExcelMock {
  let syncs = 0;
  const mock: ExcelMock = {
    syncs: () => syncs,
    writes: [],
    calls: [],
    handlers: { changed: new Map(), activated: [], selection: [] },
    reset() {
      syncs = 0;
      mock.writes.length = 0;
      mock.calls.length = 0;
    },
    run: async (batch) => {
      const pending: CellWrite[] = [];
      const keys = new Map<string, string>();
      const worksheets: Record<string, unknown> = {};
      const sheetMock = (name: string) => {
        const sheet = workbook.sheets.find((s) => s.name === name) ?? null;
        const used = sheet ? usedRange(sheet) : null;
        const rows = used?.values.length ?? 0;
        const cols = used?.values[0]?.length ?? 0;
        const writer = (address: string) => ({
          getResizedRange: (dr: number, dc: number) => ({
            set values(values: string[][]) {
              if (values.length !== dr + 1 || values[0].length !== dc + 1) throw new Error('shape mismatch');
              pending.push({ sheet: name, address, values });
            },
          }),
          select: () => mock.calls.push(`select ${name}!${address}`),
        });
        return {
          used: used
            ? {
                address: `'${name}'!${used.origin}:${endOf(used.origin, rows, cols)}`,
                values: used.values,
                formulas: used.formulas,
                numberFormat: used.numberFormats,
                valueTypes: used.values.map((line, r) =>
                  line.map((v, c) => valueType(v, used.errors![r][c])),
                ),
              }
            : { address: '', values: [], formulas: [], numberFormat: [], valueTypes: [] },
          getUsedRangeOrNullObject() {
            return (this as unknown as { used: unknown }).used;
          },
          getRange: (address: string) => writer(address),
          activate: () => mock.calls.push(`activate ${name}`),
          onChanged: {
            add: (handler: () => Promise<void>) => {
              mock.handlers.changed.set(name, [...(mock.handlers.changed.get(name) ?? []), handler]);
            },
          },
          protection: {
            unprotect: () => mock.calls.push(`unprotect ${name}`),
            protect: () => mock.calls.push(`protect ${name}`),
          },
        };
      };
      [...workbook.sheets.map((s) => s.name), '__missing'].forEach((name, i) => {
        keys.set(name, `s${i}`);
        worksheets[`s${i}`] = sheetMock(name);
      });
      worksheets.getItemOrNullObject = function (name: string) {
        return (this as Record<string, unknown>)[keys.get(name) ?? keys.get('__missing')!];
      };
      worksheets.getItem = function (name: string) {
        const key = keys.get(name);
        if (!key) throw Object.assign(new Error(`ItemNotFound ${name}`), { code: 'ItemNotFound' });
        return (this as Record<string, unknown>)[key];
      };
      worksheets.onActivated = { add: (h: () => Promise<void>) => mock.handlers.activated.push(h) };
      const root = new OfficeMockObject({
        context: {
          workbook: {
            worksheets,
            onSelectionChanged: { add: (h: () => Promise<void>) => mock.handlers.selection.push(h) },
          },
        },
      }) as unknown as { context: Excel.RequestContext };
      const context = root.context;
      // Null objects: isNullObject is known after a sync without a load, as in Office.
      const tree = context.workbook.worksheets as unknown as Record<
        string,
        { isNullObject: boolean; used: { isNullObject: boolean } }
      >;
      for (const [name, key] of keys) {
        const sheet = workbook.sheets.find((s) => s.name === name);
        tree[key].isNullObject = !sheet;
        tree[key].used.isNullObject = !sheet || usedRange(sheet) === null;
      }
      const original = context.sync.bind(context);
      (context as { sync: () => Promise<void> }).sync = async () => {
        syncs++;
        await original();
        // office-addin-mock settles nested objects in un-awaited callbacks; a round trip takes longer.
        await new Promise((resolve) => setTimeout(resolve, 0));
        applyWrites(workbook, pending);
        mock.writes.push(...pending.splice(0));
      };
      return batch(context);
    },
  };
  return mock;
}
