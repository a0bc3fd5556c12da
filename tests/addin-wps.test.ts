/**
 * The WPS adapter against the fake ET object model of the browser tests (fake-wps.js, run here in
 * a plain JavaScript context): it reads what the Excel adapter reads from the same workbook, writes
 * through Value2 without touching protection, follows the active workbook, and hands over the
 * saved file for 提交 — or says why it cannot.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHEETS_TO_READ, WATCHED_SHEETS, evaluate } from '../addin/engine.js';
import { excelHost } from '../addin/excel/adapter.js';
import type { HostEvent } from '../addin/host.js';
import { gridOf } from '../addin/read-model.js';
import { ruleSet } from '../addin/rule-set.js';
import { binaryStringBytes, classifyWpsError, wpsHost } from '../addin/wps/adapter.js';
import type { EtApplication } from '../addin/wps/et.js';
import { MARKS_SHEET, SHEETS, metadataValueAddress } from '../core/contract/index.js';
import { issuedXlsx, withCells } from './browser/issued-workbook.js';
import { officeView, type FakeWorkbook } from './browser/office-view.js';
import { excelMock } from './helpers/excel-mock.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const script = (name: string) => readFileSync(join(root, 'tests', 'browser', name), 'utf8');

interface Wps {
  app: EtApplication;
  fake: {
    type(s: string, a: string, t: string): void;
    writes(): unknown[];
    switchWorkbook(n: string | null): void;
  };
}

/** fake-common.js + fake-wps.js in a fresh context, as a WPS add-in page would see them. */
function wpsOver(workbook: FakeWorkbook, file: Uint8Array): Wps {
  const window: Record<string, unknown> = {
    __FAKE_WORKBOOK__: JSON.parse(JSON.stringify(workbook)),
    __FAKE_FILE__: Buffer.from(file).toString('base64'),
  };
  const context = vm.createContext({
    window,
    setTimeout,
    console,
    atob: (s: string) => Buffer.from(s, 'base64').toString('latin1'),
  });
  vm.runInContext(script('fake-common.js'), context);
  vm.runInContext(script('fake-wps.js'), context);
  return { app: window.Application as EtApplication, fake: window.__fake as Wps['fake'] };
}

let file: Uint8Array;
let workbook: FakeWorkbook;

beforeAll(async () => {
  const issued = await issuedXlsx('S01', '2024-05');
  file = new Uint8Array(issued.bytes);
  workbook = withCells(await officeView(issued.bytes, issued.fileName), SHEETS.tasks, {
    E4: { v: 50, f: '=25*2' },
    F4: { v: '#N/A', err: true },
    I4: { v: 45422, fmt: 'yyyy-mm-dd' },
    D5: '推进中',
  });
});

describe('the WPS adapter', () => {
  it('gives the rules the same workbook as Excel does', async () => {
    const wps = wpsOver(workbook, file);
    const fromWps = await wpsHost(wps.app).read(SHEETS_TO_READ);
    const fromExcel = await excelHost({ run: excelMock(JSON.parse(JSON.stringify(workbook))).run }).read(
      SHEETS_TO_READ,
    );
    expect([...fromWps.sheets.keys()]).toEqual([...SHEETS_TO_READ]);
    // ET's used range also covers formatted blank cells; the cells themselves read the same.
    const a = gridOf(fromWps);
    const b = gridOf(fromExcel);
    for (const address of ['A4', 'B4', 'D4', 'D5', 'E4', 'F4', 'I4', 'J9']) {
      expect(a.get(SHEETS.tasks, address), address).toEqual(b.get(SHEETS.tasks, address));
    }
    expect(a.get(SHEETS.tasks, 'E4')).toEqual({ formula: '25*2', result: 50 });
    expect(a.get(SHEETS.tasks, 'F4')).toBeNull();
    expect(a.get(SHEETS.tasks, 'I4')).toEqual(new Date(Date.UTC(2024, 4, 10)));
    const verdict = (r: typeof fromWps) => evaluate(r, '2024-06-03', { full: true }, ruleSet).findings;
    expect(verdict(fromWps)).toEqual(verdict(fromExcel));
  });

  it('writes text through Value2 into the marks sheet and the unlocked stamp cells, protection untouched', async () => {
    const wps = wpsOver(workbook, file);
    const host = wpsHost(wps.app);
    await host.write([
      { sheet: MARKS_SHEET, address: 'E4', values: [['E50']] },
      { sheet: SHEETS.metadata, address: metadataValueAddress('fillerName'), values: [['张三']] },
    ]);
    const read = await host.read([MARKS_SHEET, SHEETS.metadata]);
    expect(gridOf(read).get(MARKS_SHEET, 'E4')).toBe('E50');
    expect(gridOf(read).get(SHEETS.metadata, metadataValueAddress('fillerName'))).toBe('张三');
    // A locked cell of the protected metadata sheet refuses, as in WPS.
    await expect(host.write([{ sheet: SHEETS.metadata, address: 'B2', values: [['x']] }])).rejects.toThrow();
  });

  it('reports edits of the data sheets only, its own writes to the marks sheet not', async () => {
    const wps = wpsOver(workbook, file);
    const host = wpsHost(wps.app);
    const events: HostEvent[] = [];
    await host.listen(WATCHED_SHEETS, (e) => events.push(e));
    wps.fake.type(SHEETS.tasks, 'D6', '推进中');
    await host.write([{ sheet: MARKS_SHEET, address: 'D6', values: [['E']] }]);
    wps.fake.switchWorkbook('其他.xlsx');
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual([{ kind: 'edit', sheet: SHEETS.tasks }, { kind: 'workbook' }]);
    // The active workbook is another one now: nothing of ours to read.
    expect((await host.read(SHEETS_TO_READ)).sheets.size).toBe(0);
  });

  it('saves, then hands over the file as saved; says why when it cannot', async () => {
    const wps = wpsOver(workbook, file);
    const host = wpsHost(wps.app);
    expect(await host.file()).toEqual({ name: workbook.fileName, bytes: file });
    wps.fake.switchWorkbook('新建工作簿1');
    const failure = await host.file().then(
      () => null,
      (e: unknown) => classifyWpsError(e),
    );
    expect(failure).toMatchObject({
      kind: 'failed',
      code: 'NotSaved',
      message: expect.stringContaining('保存'),
    });
    wps.fake.switchWorkbook(null);
    await expect(host.read(SHEETS_TO_READ)).resolves.toEqual({ sheets: new Map() });
  });

  it('reads binary strings as bytes and COM error numbers as errors', () => {
    expect([...binaryStringBytes('PK\u0003\u0004\u00ff')]).toEqual([0x50, 0x4b, 3, 4, 255]);
    expect(classifyWpsError(Object.assign(new Error('受保护'), { number: 1004 }))).toMatchObject({
      kind: 'protected',
    });
    expect(classifyWpsError(new Error('busy'))).toMatchObject({ kind: 'transient' });
  });
});
