/**
 * The Excel adapter and controller against office-addin-mock: the round-trip budget (read once,
 * write once), protection handling, and that completion touches only the metadata sheet.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { describe, expect, it, vi } from 'vitest';
import { Controller, fillerProblem, type CheckEngine } from '../addin/controller.js';
import { createEngine, type RuleSet } from '../addin/engine.js';
import { readWorkbook, writeBatch } from '../addin/excel-adapter.js';
import { MARK_COLORS } from '../addin/marks.js';
import { ISSUED_FILLS, ruleSet } from '../addin/rule-set.js';
import {
  FIRST_DATA_ROW,
  SHEETS,
  buildMetadata,
  metadataCells,
  metadataValueAddress,
  type UnitRows,
} from '../core/contract/index.js';
import type { Finding } from '../core/plan/model.js';
import type { PaneModel, RecognizedPane } from '../addin/pane-model.js';
import { issuedWorkbookAsOffice } from './browser/issued-workbook.js';

type Cell = string | number | boolean | null;

interface SheetSpec {
  /** A1-anchored values. */
  values: Cell[][];
  protected?: boolean;
  allowFormatCells?: boolean;
}

function colLetters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** An office-addin-mock workbook; writes land in `log` in the order Excel would apply them. */
function mockWorkbook(spec: Record<string, SheetSpec>) {
  const log: string[] = [];
  const keys = new Map<string, string>();
  const worksheets: Record<string, unknown> = {};
  const recorder = (sheet: string, address: string) => ({
    set values(v: unknown) {
      log.push(`values ${sheet}!${address}=${JSON.stringify(v)}`);
    },
    set numberFormat(v: unknown) {
      log.push(`numberFormat ${sheet}!${address}=${JSON.stringify(v)}`);
    },
    format: {
      fill: {
        set color(c: string) {
          log.push(`fill ${sheet}!${address}=${c}`);
        },
        clear() {
          log.push(`fill ${sheet}!${address}=none`);
        },
      },
    },
    select() {
      log.push(`select ${sheet}!${address}`);
    },
  });
  const sheetMock = (name: string, s: SheetSpec | null) => {
    const width = Math.max(1, ...(s?.values ?? []).map((r) => r.length));
    const height = Math.max(1, s?.values.length ?? 0);
    return {
      protection: {
        protected: s?.protected ?? false,
        options: { allowFormatCells: s?.allowFormatCells ?? false, allowFormatRows: true },
        unprotect: () => log.push(`unprotect ${name}`),
        protect: (options: unknown) => log.push(`protect ${name} ${JSON.stringify(options)}`),
      },
      used: {
        address: `${name}!A1:${colLetters(width)}${height}`,
        values: (s?.values ?? []).map((r) => Array.from({ length: width }, (_, i) => r[i] ?? '')),
      },
      getUsedRangeOrNullObject() {
        return (this as unknown as { used: unknown }).used;
      },
      getRange: (address: string) => recorder(name, address),
      activate: () => log.push(`activate ${name}`),
    };
  };
  Object.entries(spec).forEach(([name, s], i) => {
    keys.set(name, `sheet${i}`);
    worksheets[`sheet${i}`] = sheetMock(name, s);
  });
  worksheets.missing = sheetMock('missing', null);
  worksheets.getItemOrNullObject = function (name: string) {
    return (this as Record<string, unknown>)[keys.get(name) ?? 'missing'];
  };
  worksheets.getItem = function (name: string) {
    const key = keys.get(name);
    if (!key) throw new Error(`ItemNotFound: ${name}`);
    return (this as Record<string, unknown>)[key];
  };
  const mock = new OfficeMockObject({ context: { workbook: { worksheets } } }) as unknown as {
    context: Excel.RequestContext;
  };
  const context = mock.context;
  // Like Office, isNullObject is readable after a sync without a load: keep it out of the mock's
  // load tracking.
  const tree = context.workbook.worksheets as unknown as Record<
    string,
    { isNullObject: boolean; used: { isNullObject: boolean } }
  >;
  for (const [name, key] of [...keys.entries(), ['missing', 'missing'] as const]) {
    const s = name === 'missing' && key === 'missing' ? null : spec[name];
    tree[key].isNullObject = s === null;
    tree[key].used.isNullObject = s === null || s.values.length === 0;
  }
  const original = context.sync.bind(context);
  // office-addin-mock updates nested objects in un-awaited async callbacks; let them land before
  // the caller continues, as a real round trip would.
  const sync = vi.spyOn(context, 'sync').mockImplementation(async () => {
    await original();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  const sheet = (name: string) =>
    (context.workbook.worksheets as unknown as Record<string, SheetMock>)[keys.get(name)!];
  return { context, sync, log, sheet };
}

interface SheetMock {
  used: { setValue(name: string, value: unknown): void };
}

/** Sets what a used range will report on the next load, like the user editing a cell. */
function edit(
  m: ReturnType<typeof mockWorkbook>,
  sheet: string,
  spec: SheetSpec,
  address: string,
  value: Cell,
) {
  const match = /^([A-Z]+)(\d+)$/.exec(address)!;
  const row = Number(match[2]) - 1;
  const col = match[1].charCodeAt(0) - 65;
  while (spec.values.length <= row) spec.values.push([]);
  spec.values[row][col] = value;
  const width = Math.max(...spec.values.map((r) => r.length));
  m.sheet(sheet).used.setValue(
    'values',
    spec.values.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? '')),
  );
  m.sheet(sheet).used.setValue('address', `${sheet}!A1:${colLetters(width)}${spec.values.length}`);
}

async function issuedSpec(unit = 'S01'): Promise<Record<string, SheetSpec>> {
  const wb = await issuedWorkbookAsOffice(unit, '2024-05');
  const spec: Record<string, SheetSpec> = {};
  for (const s of wb.sheets) {
    const values: Cell[][] = [];
    for (const [address, v] of Object.entries(s.cells)) {
      const m = /^([A-Z]+)(\d+)$/.exec(address)!;
      const row = Number(m[2]) - 1;
      while (values.length <= row) values.push([]);
      values[row][m[1].charCodeAt(0) - 65] = v;
    }
    spec[s.name] = {
      values: values.map((r) => Array.from(r, (v) => v ?? null)),
      protected: s.protected,
      allowFormatCells: s.protectionOptions.allowFormatCells,
    };
  }
  return spec;
}

function controllerFor(context: Excel.RequestContext, engine: CheckEngine) {
  return new Controller({
    engine,
    run: (batch) => batch(context),
    render: () => undefined,
    today: () => '2024-06-03',
    now: () => new Date('2024-06-03T02:00:00Z'),
  });
}

describe('readWorkbook', () => {
  it('reads every sheet in one round trip, anchors values at A1 and skips missing sheets', async () => {
    const m = mockWorkbook({
      A: {
        values: [
          [1, 'x'],
          [null, true],
        ],
      },
      B: { values: [], protected: true },
    });
    const read = await readWorkbook(m.context, ['A', 'B', 'absent']);
    expect(m.sync).toHaveBeenCalledTimes(1);
    expect([...read.sheets.keys()]).toEqual(['A', 'B']);
    expect(read.sheets.get('A')!.values).toEqual([
      [1, 'x'],
      [null, true],
    ]);
    expect(read.sheets.get('B')).toMatchObject({ values: [], protected: true, allowFormatCells: false });
  });
});

describe('writeBatch', () => {
  it('writes in one round trip and lifts protection only around writes it would refuse', async () => {
    const m = mockWorkbook({
      locked: { values: [[1]], protected: true, allowFormatCells: false },
      open: { values: [[1]], protected: true, allowFormatCells: true },
    });
    const read = await readWorkbook(m.context, ['locked', 'open']);
    m.sync.mockClear();
    await writeBatch(
      m.context,
      [
        { kind: 'fill', sheet: 'locked', address: 'A1', color: '#FFC7CE' },
        { kind: 'fill', sheet: 'open', address: 'A1', color: null },
      ],
      read,
    );
    expect(m.sync).toHaveBeenCalledTimes(1);
    expect(m.log).toEqual([
      'unprotect locked',
      'fill locked!A1=#FFC7CE',
      'protect locked {"allowFormatCells":false,"allowFormatRows":true}',
      'fill open!A1=none',
    ]);
  });

  it('does not sync when there is nothing to write', async () => {
    const m = mockWorkbook({ A: { values: [[1]] } });
    const read = await readWorkbook(m.context, ['A']);
    m.sync.mockClear();
    expect(await writeBatch(m.context, [], read)).toBe(false);
    expect(m.sync).not.toHaveBeenCalled();
  });
});

describe('controller on a real issued workbook', () => {
  it('spends at most two round trips per check and marks, then clears, a bad value', async () => {
    const spec = await issuedSpec('S01');
    const m = mockWorkbook(spec);
    const controller = controllerFor(m.context, createEngine(ruleSet, ISSUED_FILLS));
    const cell = `D${FIRST_DATA_ROW}`;
    const fills = () => m.log.filter((l) => l.startsWith(`fill ${SHEETS.indicators}!${cell}=`));

    const first = await controller.check();
    expect(first?.pane.recognized).toBe(true);
    expect(m.sync).toHaveBeenCalledTimes(2);
    // First check after opening: repaint the input regions; the blank is still to fill, not marked.
    expect(fills()).toEqual([`fill ${SHEETS.indicators}!${cell}=${ISSUED_FILLS.input}`]);
    expect(first!.findings.some((f) => f.sheet === SHEETS.indicators && f.cell === cell)).toBe(false);

    for (const [value, expected] of [
      [95, null],
      ['abc', MARK_COLORS.error],
      [96, ISSUED_FILLS.input],
    ] as const) {
      m.sync.mockClear();
      m.log.length = 0;
      edit(m, SHEETS.indicators, spec[SHEETS.indicators], cell, value);
      const evaluation = await controller.check();
      expect(m.sync.mock.calls.length).toBeLessThanOrEqual(2);
      expect(fills()).toEqual(expected === null ? [] : [`fill ${SHEETS.indicators}!${cell}=${expected}`]);
      const listed = evaluation!.findings.some((f) => f.sheet === SHEETS.indicators && f.cell === cell);
      expect(listed).toBe(expected === MARK_COLORS.error);
    }

    // Nothing changed: one read, no write.
    m.sync.mockClear();
    m.log.length = 0;
    await controller.check();
    expect(m.sync).toHaveBeenCalledTimes(1);
    expect(m.log).toEqual([]);
  });

  it('shows an empty issued workbook as 0 errors and N 尚未填写; 检查并标记完成 turns them into marked errors', async () => {
    const spec = await issuedSpec('S01');
    const m = mockWorkbook(spec);
    let shown: PaneModel | null = null;
    const controller = new Controller({
      engine: createEngine(ruleSet, ISSUED_FILLS),
      run: (batch) => batch(m.context),
      render: (pane) => (shown = pane),
      today: () => '2024-06-03',
      now: () => new Date('2024-06-03T02:00:00Z'),
    });

    const live = await controller.check();
    const pane = live!.pane as RecognizedPane;
    expect(pane.mode).toBe('filling');
    expect(pane.errors).toBe(0);
    expect(pane.groups).toEqual([]);
    const blanks = pane.pending.flatMap((g) => g.findings);
    expect(pane.pendingCount).toBe(blanks.length);
    expect(blanks.length).toBeGreaterThan(0);
    expect(blanks.every((f) => f.code === 'rules.required')).toBe(true);
    // The rules' own verdict is unchanged: each of them is an error collect would report.
    expect(blanks.every((f) => f.level === 'error')).toBe(true);
    expect(live!.findings).toEqual([]);
    expect(m.log.filter((l) => l.endsWith(`=${MARK_COLORS.error}`))).toEqual([]);

    m.sync.mockClear();
    m.log.length = 0;
    const result = await controller.complete({ name: '张三', phone: '13800138000' });
    expect(result).toEqual({
      ok: false,
      errors: blanks.length,
      reason: expect.stringContaining(`还有 ${blanks.length} 个错误`),
    });
    expect(m.sync.mock.calls.length).toBeLessThanOrEqual(2);
    const full = shown! as RecognizedPane;
    expect(full.mode).toBe('full');
    expect(full.errors).toBe(blanks.length);
    expect(full.pendingCount).toBe(0);
    const marked = m.log.filter((l) => l.endsWith(`=${MARK_COLORS.error}`)).sort();
    expect(marked).toEqual(blanks.map((f) => `fill ${f.sheet}!${f.cell}=${MARK_COLORS.error}`).sort());

    // Later checks in this session keep counting everything: filling one blank clears only it.
    m.sync.mockClear();
    m.log.length = 0;
    const one = blanks.find((f) => f.sheet === SHEETS.indicators)!;
    edit(m, SHEETS.indicators, spec[SHEETS.indicators], one.cell, 5);
    const after = (await controller.check())!.pane as RecognizedPane;
    expect(after.errors).toBe(blanks.length - 1);
    expect(m.log).toEqual([`fill ${SHEETS.indicators}!${one.cell}=${ISSUED_FILLS.input}`]);
  });

  it('keeps the budget whatever the sheet size', async () => {
    const tasks = 3000;
    const rows: UnitRows = {
      unit: { code: 'S01', name: '市发展改革委', kind: 'city-department' },
      tasks: Array.from({ length: tasks }, (_, i) => ({
        row: FIRST_DATA_ROW + i,
        task: (i % 23) + 1,
        role: 'lead' as const,
        title: `任务${i}`,
        text: '',
      })),
      indicators: [],
    };
    const meta = buildMetadata({
      planId: 'work-points-2024',
      planVersion: 1,
      planYear: 2024,
      unitCode: 'S01',
      unitName: '市发展改革委',
      period: '2024-05',
      issuedAt: '2024-05-31T01:00:00.000Z',
      deadline: '2024-06-07',
      fingerprint: '',
      rows,
    });
    const taskValues: Cell[][] = Array.from({ length: FIRST_DATA_ROW - 1 + tasks }, () =>
      Array(10).fill(null),
    );
    const spec: Record<string, SheetSpec> = {
      [SHEETS.metadata]: { values: metadataCells(meta), protected: true },
      [SHEETS.tasks]: { values: taskValues, protected: true },
      [SHEETS.indicators]: { values: [['x']], protected: true },
    };
    let bad = new Set<number>([0, 5, 7]);
    const rules: RuleSet = ({ period }) => ({
      findings: [...bad].map((i): Finding => ({
        level: 'error',
        code: 'test.bad',
        sheet: SHEETS.tasks,
        cell: `D${FIRST_DATA_ROW + i}`,
        message: 'x',
      })),
      content: { unit: 'S01', period, tasks: [], indicators: [] },
      targets: [],
    });
    const m = mockWorkbook(spec);
    const controller = controllerFor(m.context, createEngine(rules, ISSUED_FILLS));
    await controller.check();
    expect(m.sync).toHaveBeenCalledTimes(2);
    m.sync.mockClear();
    m.log.length = 0;
    bad = new Set([5, 2999]);
    await controller.check();
    expect(m.sync).toHaveBeenCalledTimes(2);
    expect(m.log.filter((l) => l.startsWith('fill')).sort()).toEqual(
      [
        `fill ${SHEETS.tasks}!D${FIRST_DATA_ROW}=${ISSUED_FILLS.input}`,
        `fill ${SHEETS.tasks}!D${FIRST_DATA_ROW + 7}=${ISSUED_FILLS.input}`,
        `fill ${SHEETS.tasks}!D${FIRST_DATA_ROW + 2999}=${MARK_COLORS.error}`,
      ].sort(),
    );
  });
});

describe('检查并标记完成', () => {
  const clean: RuleSet = ({ period }) => ({
    findings: [],
    content: { unit: 'S01', period, tasks: [], indicators: [] },
    targets: [],
  });

  it('refuses while errors remain and writes nothing to the metadata', async () => {
    const m = mockWorkbook(await issuedSpec('S01'));
    const controller = controllerFor(m.context, createEngine(ruleSet, ISSUED_FILLS));
    const result = await controller.complete({ name: '张三', phone: '13800138000' });
    expect(result).toMatchObject({ ok: false });
    expect(m.sync.mock.calls.length).toBeLessThanOrEqual(2);
    expect(m.log.some((l) => l.includes(SHEETS.metadata))).toBe(false);
  });

  it('stamps filler, phone and time as text into the metadata only, in two round trips', async () => {
    const m = mockWorkbook(await issuedSpec('S01'));
    const controller = controllerFor(m.context, createEngine(clean, ISSUED_FILLS));
    const result = await controller.complete({ name: '张三', phone: '0359-1234567' });
    expect(result).toMatchObject({ ok: true, at: '2024-06-03T02:00:00.000Z' });
    expect(result.ok && result.pane.filler).toEqual({
      name: '张三',
      phone: '0359-1234567',
      checkedAt: '2024-06-03T02:00:00.000Z',
    });
    expect(m.sync).toHaveBeenCalledTimes(2);
    const valueWrites = m.log.filter((l) => l.startsWith('values'));
    expect(valueWrites).toEqual([
      `values ${SHEETS.metadata}!${metadataValueAddress('fillerName')}=[["张三"]]`,
      `values ${SHEETS.metadata}!${metadataValueAddress('fillerPhone')}=[["0359-1234567"]]`,
      `values ${SHEETS.metadata}!${metadataValueAddress('checkedAt')}=[["2024-06-03T02:00:00.000Z"]]`,
    ]);
    expect(m.log).toContain(`numberFormat ${SHEETS.metadata}!${metadataValueAddress('fillerPhone')}=[["@"]]`);
    // The metadata sheet is protected: lifted for the write and put back.
    expect(m.log.indexOf(`unprotect ${SHEETS.metadata}`)).toBeLessThan(m.log.indexOf(valueWrites[0]));
    expect(m.log.filter((l) => l.startsWith(`protect ${SHEETS.metadata}`))).toHaveLength(1);
    // Its own value write echoes back once as a change event and is ignored; a real edit is not.
    const address = metadataValueAddress('fillerName');
    expect(controller.isEcho(SHEETS.metadata, `${SHEETS.metadata}!${address}`)).toBe(true);
    expect(controller.isEcho(SHEETS.metadata, address)).toBe(false);
    expect(controller.isEcho(SHEETS.indicators, `D${FIRST_DATA_ROW}`)).toBe(false);
  });

  it('asks for a name and a reachable phone number first', () => {
    expect(fillerProblem({ name: '', phone: '13800138000' })).toMatch(/姓名/);
    expect(fillerProblem({ name: '张三', phone: '' })).toMatch(/电话/);
    expect(fillerProblem({ name: '张三', phone: '12ab' })).toMatch(/格式不对/);
    expect(fillerProblem({ name: '张三', phone: '138 0013 8000' })).toBeNull();
    expect(fillerProblem({ name: '张三', phone: '0359-1234567' })).toBeNull();
  });
});

describe('a workbook whose metadata names no readable period', () => {
  it('is explained, not judged against a broken period', async () => {
    const spec = await issuedSpec('S01');
    const m = mockWorkbook(spec);
    edit(m, SHEETS.metadata, spec[SHEETS.metadata], metadataValueAddress('period'), '2024-13');
    const pane = (await controllerFor(m.context, createEngine(ruleSet, ISSUED_FILLS)).check())!.pane;
    expect(pane.recognized).toBe(false);
    expect(pane.recognized ? '' : pane.reason).toContain('填报期间“2024-13”无效');
  });
});

describe('a workbook already marked complete', () => {
  it('counts blanks as errors when reopened, as after 检查并标记完成', async () => {
    const spec = await issuedSpec('S01');
    const address = metadataValueAddress('checkedAt');
    const m = mockWorkbook(spec);
    edit(m, SHEETS.metadata, spec[SHEETS.metadata], address, '2024-06-03T02:00:00.000Z');
    const pane = (await controllerFor(m.context, createEngine(ruleSet, ISSUED_FILLS)).check())!
      .pane as RecognizedPane;
    expect(pane.mode).toBe('full');
    expect(pane.pendingCount).toBe(0);
    expect(pane.errors).toBeGreaterThan(0);
  });
});
