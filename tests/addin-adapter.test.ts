/**
 * The Excel adapter and the controller over office-addin-mock: the round-trip budget (one read per
 * edit, one write per check, nothing when nothing changed), no write while the unit types, errors
 * told apart by code, event registration that survives a failed first read, the file in slices.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Controller } from '../addin/controller.js';
import { SHEETS_TO_READ, WATCHED_SHEETS } from '../addin/engine.js';
import { classifyExcelError, excelHost } from '../addin/excel/adapter.js';
import type { Host, HostEvent } from '../addin/host.js';
import type { PaneModel, RecognizedPane } from '../addin/pane-model.js';
import { ruleSet } from '../addin/rule-set.js';
import {
  FIRST_DATA_ROW,
  INDICATOR_COLUMN,
  MARKS_SHEET,
  SHEETS,
  TASK_COLUMN,
  markAddress,
  metadataValueAddress,
} from '../core/contract/index.js';
import { hostRead } from './browser/office-view.js';
import { issuedWorkbookAsOffice, withCells } from './browser/issued-workbook.js';
import { excelMock } from './helpers/excel-mock.js';

const TODAY = '2024-06-03';

function controllerFor(host: Host, render: (m: PaneModel) => void = () => undefined) {
  return new Controller({
    host,
    rules: ruleSet,
    render,
    trouble: () => undefined,
    today: () => TODAY,
    now: () => new Date('2024-06-03T02:00:00Z'),
    debounceMs: 1,
    retryMs: 1,
  });
}

afterEach(() => vi.useRealTimers());

describe('the Excel adapter', () => {
  it('reads values, formulas, formats and error cells of every sheet in one round trip', async () => {
    const workbook = withCells(await issuedWorkbookAsOffice('S01'), SHEETS.tasks, {
      E4: { v: 50, f: '=25*2' },
      F4: { v: '#N/A', err: true },
    });
    const mock = excelMock(workbook);
    const read = await excelHost({ run: mock.run }).read([...SHEETS_TO_READ, '不存在']);
    expect(mock.syncs()).toBe(1);
    expect([...read.sheets.keys()]).toEqual([...SHEETS_TO_READ]);
    expect(read.sheets.has('不存在')).toBe(false);
    // Exactly what Excel reported, shaped for the read model.
    expect(read).toEqual(hostRead(workbook, SHEETS_TO_READ));
  });

  it('writes in one round trip, never lifts protection, and does not call Excel for nothing', async () => {
    const workbook = await issuedWorkbookAsOffice('S01');
    const mock = excelMock(workbook);
    const host = excelHost({ run: mock.run });
    await host.write([]);
    expect(mock.syncs()).toBe(0);
    await host.write([
      { sheet: MARKS_SHEET, address: 'D4', values: [['E']] },
      { sheet: SHEETS.metadata, address: metadataValueAddress('fillerName'), values: [['张三']] },
    ]);
    expect(mock.syncs()).toBe(1);
    expect(mock.calls.filter((c) => /protect/.test(c))).toEqual([]);
    expect(mock.writes.map((w) => `${w.sheet}!${w.address}`)).toEqual([
      `${MARKS_SHEET}!D4`,
      `${SHEETS.metadata}!${metadataValueAddress('fillerName')}`,
    ]);
  });

  it('tells errors apart by their code, never by their (translated) message', () => {
    const error = (code: string, message = '') => Object.assign(new Error(message), { code });
    expect(classifyExcelError(error('InvalidOperationInCellEditMode'))).toMatchObject({ kind: 'transient' });
    expect(classifyExcelError(error('GeneralException', 'sheet is protected'))).toMatchObject({
      kind: 'transient',
    });
    expect(classifyExcelError(error('AccessDenied', '访问被拒绝'))).toMatchObject({ kind: 'protected' });
    expect(classifyExcelError(error('ApiNotFound'))).toMatchObject({ kind: 'unsupported' });
    expect(classifyExcelError(new Error('protected sheet'))).toEqual({ kind: 'failed', code: 'Unknown' });
  });

  it('asks Excel to wait while the user edits a cell', async () => {
    const run = vi.fn(async (_options: unknown, batch: (c: unknown) => Promise<unknown>) => batch({}));
    vi.stubGlobal('Excel', { run });
    await excelHost()
      .write([{ sheet: 'x', address: 'A1', values: [['1']] }])
      .catch(() => undefined);
    expect(run.mock.calls[0][0]).toEqual({ delayForCellEdit: true });
    vi.unstubAllGlobals();
  });

  it('hands over the whole file, slice by slice, and closes it even when a slice fails', async () => {
    vi.stubGlobal('Office', {
      FileType: { Compressed: 'compressed' },
      AsyncResultStatus: { Succeeded: 'succeeded' },
    });
    const bytes = Array.from({ length: 10 }, (_, i) => i);
    const closed: number[] = [];
    const document = (failAt = -1) =>
      ({
        url: 'C:\\填报\\S01-市发展改革委.xlsx',
        getFileAsync: (_type: unknown, options: { sliceSize: number }, cb: (r: unknown) => void) => {
          expect(options.sliceSize).toBeGreaterThanOrEqual(64 * 1024);
          cb({
            status: 'succeeded',
            value: {
              sliceCount: 4,
              getSliceAsync: (i: number, done: (r: unknown) => void) =>
                done(
                  i === failAt
                    ? { status: 'failed', error: { code: 5001 } }
                    : { status: 'succeeded', value: { data: bytes.slice(i * 3, i * 3 + 3) } },
                ),
              closeAsync: (done: () => void) => {
                closed.push(1);
                done();
              },
            },
          });
        },
      }) as unknown as Office.Document;
    const file = await excelHost({ document: () => document() }).file();
    expect(file).toEqual({ name: 'S01-市发展改革委.xlsx', bytes: new Uint8Array(bytes) });
    await expect(excelHost({ document: () => document(2) }).file()).rejects.toEqual({ code: 5001 });
    expect(closed).toHaveLength(2);
    vi.unstubAllGlobals();
  });
});

describe('the controller on Excel', () => {
  it('opens without writing, checks each edit in one read, and writes nothing while the unit types', async () => {
    const workbook = await issuedWorkbookAsOffice('S01');
    const mock = excelMock(workbook);
    let shown: PaneModel | null = null;
    const controller = controllerFor(excelHost({ run: mock.run }), (m) => (shown = m));
    await controller.start();
    expect(shown!.recognized).toBe(true);
    // Registration (two round trips, once) and the first check (one read).
    expect(mock.syncs()).toBe(3);
    expect(mock.writes).toEqual([]);

    const cell = `${INDICATOR_COLUMN.numerator.letter}${FIRST_DATA_ROW}`;
    for (const value of [95, 'abc', '=25*2']) {
      mock.reset();
      const typed = value === '=25*2' ? { v: 50, f: '=25*2' } : { v: value };
      Object.assign(workbook, withCells(workbook, SHEETS.indicators, { [cell]: typed }));
      await Promise.all(mock.handlers.changed.get(SHEETS.indicators)!.map((h) => h()));
      await vi.waitFor(() => expect(mock.syncs()).toBe(1));
      await controller.check();
      expect(mock.syncs()).toBeLessThanOrEqual(2);
      expect(mock.writes).toEqual([]);
    }
    const pane = shown! as RecognizedPane;
    const listed = pane.groups
      .flatMap((g) => g.entries)
      .flatMap((e) => (e.kind === 'single' ? [e.item] : e.items));
    expect(listed.find((i) => i.finding.cell === cell)?.text).toContain('是公式');
  });

  it('检查 writes the marks in one round trip, and nothing when nothing changed', async () => {
    const workbook = await issuedWorkbookAsOffice('S01');
    const mock = excelMock(workbook);
    const controller = controllerFor(excelHost({ run: mock.run }));
    await controller.check();
    mock.reset();
    const first = await controller.complete({ name: '', phone: '' });
    expect(first.ok).toBe(false);
    expect(mock.syncs()).toBe(2);
    const status = `${TASK_COLUMN.status.letter}${FIRST_DATA_ROW}`;
    expect(mock.writes).toContainEqual({
      sheet: MARKS_SHEET,
      address: markAddress(SHEETS.tasks, status),
      values: [['E']],
    });
    expect(mock.writes.every((w) => w.sheet === MARKS_SHEET)).toBe(true);

    mock.reset();
    await controller.complete({ name: '', phone: '' });
    expect(mock.syncs()).toBe(1);
    expect(mock.writes).toEqual([]);

    // Fixing one cell: its twin is cleared, nothing else is rewritten.
    Object.assign(workbook, withCells(workbook, SHEETS.tasks, { [status]: '推进中' }));
    mock.reset();
    await controller.complete({ name: '', phone: '' });
    expect(mock.writes).toContainEqual({
      sheet: MARKS_SHEET,
      address: markAddress(SHEETS.tasks, status),
      values: [['']],
    });
    expect(mock.writes.length).toBeLessThanOrEqual(3);
  });

  it('stamps filler, phone and time only when no error remains, in the same round trip as the marks', async () => {
    const clean: typeof ruleSet = (input) => ({ ...ruleSet(input), findings: [] });
    const workbook = await issuedWorkbookAsOffice('S01');
    const mock = excelMock(workbook);
    const controller = new Controller({
      host: excelHost({ run: mock.run }),
      rules: clean,
      render: () => undefined,
      trouble: () => undefined,
      today: () => TODAY,
      now: () => new Date('2024-06-03T02:00:00Z'),
    });
    expect(await controller.complete({ name: '张三', phone: '12ab' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('格式不对'),
    });
    expect(mock.writes).toEqual([]);
    mock.reset();
    const result = await controller.complete({ name: '张三', phone: '0359-1234567' });
    expect(result).toMatchObject({ ok: true, stamped: true });
    expect(mock.syncs()).toBe(2);
    expect(mock.writes).toEqual([
      { sheet: SHEETS.metadata, address: metadataValueAddress('fillerName'), values: [['张三']] },
      { sheet: SHEETS.metadata, address: metadataValueAddress('fillerPhone'), values: [['0359-1234567']] },
      {
        sheet: SHEETS.metadata,
        address: metadataValueAddress('checkedAt'),
        values: [['2024-06-03T02:00:00.000Z']],
      },
    ]);
  });

  it('提交 sends only after a clean full check, without waiting for the filler, and reads the verdict', async () => {
    vi.stubGlobal('Office', { FileType: { Compressed: 'c' }, AsyncResultStatus: { Succeeded: 'succeeded' } });
    const document = {
      url: 'S01.xlsx',
      getFileAsync: (_t: unknown, _o: unknown, cb: (r: unknown) => void) =>
        cb({
          status: 'succeeded',
          value: {
            sliceCount: 1,
            getSliceAsync: (_i: number, done: (r: unknown) => void) =>
              done({ status: 'succeeded', value: { data: [80, 75] } }),
            closeAsync: (done: () => void) => done(),
          },
        }),
    } as unknown as Office.Document;
    const posted: { url: string; accept: string; file: File }[] = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      posted.push({
        url,
        accept: (init.headers as Record<string, string>).Accept,
        file: (init.body as FormData).get('file') as File,
      });
      return new Response(
        JSON.stringify({ outcome: 'accepted', unit: 'S01', period: '2024-05', findings: [] }),
      );
    }) as unknown as typeof fetch;
    const workbook = withCells(await issuedWorkbookAsOffice('S01'), SHEETS.metadata, {
      [metadataValueAddress('portalUrl')]: 'https://xyk.example.gov.cn/u/secret',
    });
    const make = (rules: typeof ruleSet) =>
      new Controller({
        host: excelHost({ run: excelMock(workbook).run, document: () => document }),
        rules,
        render: () => undefined,
        trouble: () => undefined,
        today: () => TODAY,
        now: () => new Date('2024-06-03T02:00:00Z'),
        fetch: fetchStub,
      });
    const refused = await make(ruleSet).submit({ name: '', phone: '' });
    expect(refused).toMatchObject({ ok: false, errors: expect.any(Number) });
    expect(posted).toEqual([]);
    const clean: typeof ruleSet = (input) => ({ ...ruleSet(input), findings: [] });
    const sent = await make(clean).submit({ name: '', phone: '' });
    expect(sent).toEqual({
      ok: true,
      verdict: { outcome: 'accepted', unit: 'S01', period: '2024-05', findings: [] },
    });
    expect(posted).toHaveLength(1);
    expect(posted[0].url).toBe('https://xyk.example.gov.cn/u/secret/returns');
    expect(posted[0].accept).toBe('application/json');
    expect(posted[0].file.name).toBe('S01.xlsx');
    expect([...new Uint8Array(await posted[0].file.arrayBuffer())]).toEqual([80, 75]);
    vi.unstubAllGlobals();
  });

  it('keeps live checking after a failed first read, and retries by itself', async () => {
    const workbook = await issuedWorkbookAsOffice('S01');
    const mock = excelMock(workbook);
    const excel = excelHost({ run: mock.run });
    let reads = 0;
    let listener: ((e: HostEvent) => void) | null = null;
    const host: Host = {
      ...excel,
      read: (names) => {
        reads++;
        if (reads === 1)
          return Promise.reject(
            Object.assign(new Error('编辑中'), { code: 'InvalidOperationInCellEditMode' }),
          );
        return excel.read(names);
      },
      listen: async (sheets, onEvent) => {
        expect(sheets).toEqual(WATCHED_SHEETS);
        listener = onEvent;
      },
    };
    const shown: PaneModel[] = [];
    const troubles: (string | null)[] = [];
    const controller = new Controller({
      host,
      rules: ruleSet,
      render: (m) => shown.push(m),
      trouble: (t) => troubles.push(t),
      today: () => TODAY,
      now: () => new Date(),
      debounceMs: 1,
      retryMs: 5,
    });
    await controller.start();
    expect(listener).not.toBeNull();
    expect(troubles[0]).toMatch(/稍后自动重试/);
    await vi.waitFor(() => expect(shown.length).toBe(1));
    expect(troubles.at(-1)).toBeNull();
    listener!({ kind: 'edit', sheet: SHEETS.tasks });
    await vi.waitFor(() => expect(shown.length).toBe(2));
  });
});
