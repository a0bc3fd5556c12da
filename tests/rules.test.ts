import { beforeAll, describe, expect, it } from 'vitest';
import {
  gridFromObject,
  SHEETS,
  type CellGrid,
  type RawCell,
  type UnitRows,
} from '../core/contract/index.js';
import { checkWorkbook } from '../core/rules/index.js';
import type { SubmissionContent } from '../core/submission.js';
import { gridFromExcelJs } from '../reporter/issue/exceljs-grid.js';
import {
  completeFill,
  issueAndFill,
  openWorkbook,
  smallPlan,
  type WorkbookFill,
} from './helpers/fill-workbook.js';

const plan = smallPlan();
const PERIOD = '2024-05';

/** The grid of a clean, complete S01 return with some cells replaced. */
function overlay(base: CellGrid, changes: Record<string, Record<string, RawCell>>): CellGrid {
  return {
    hasSheet: (s) => base.hasSheet(s),
    get: (s, a) => (changes[s] && a in changes[s] ? changes[s][a] : base.get(s, a)),
  };
}

let clean: CellGrid;
let rows: UnitRows;

// Rows of S01 in the small plan: tasks 1, 2 at rows 4, 5; indicators T02-1…T02-6 at rows 4…9.
const T = (cells: Record<string, RawCell>) => ({ [SHEETS.tasks]: cells });
const I = (cells: Record<string, RawCell>) => ({ [SHEETS.indicators]: cells });

beforeAll(async () => {
  const issued = await issueAndFill({
    plan,
    unitCode: 'S01',
    period: PERIOD,
    fill: (r) => completeFill(r, PERIOD, { status: 'in-progress' }),
  });
  rows = issued.rows;
  clean = gridFromExcelJs(await openWorkbook(issued.filled));
});

const check = (changes: Record<string, Record<string, RawCell>>, previous?: SubmissionContent) =>
  checkWorkbook({
    grid: overlay(clean, changes),
    rows,
    period: PERIOD,
    planYear: 2024,
    file: 'S01.xlsx',
    previous,
  });

function expectFinding(
  result: ReturnType<typeof check>,
  want: { level: 'error' | 'warning'; code: string; sheet: string; cell: string; text: string | RegExp },
) {
  const hit = result.findings.find(
    (f) => f.code === want.code && f.cell === want.cell && f.sheet === want.sheet,
  );
  expect(
    hit,
    `${want.code} at ${want.sheet}!${want.cell}; got ${JSON.stringify(result.findings)}`,
  ).toBeDefined();
  expect(hit!.level).toBe(want.level);
  expect(hit!.file).toBe('S01.xlsx');
  expect(hit!.message.startsWith(`${want.sheet}!${want.cell} `)).toBe(true);
  if (typeof want.text === 'string') expect(hit!.message).toContain(want.text);
  else expect(hit!.message).toMatch(want.text);
}

describe('core/rules', () => {
  it('a complete return has no findings and yields normalized content', () => {
    const result = check({});
    expect(result.findings).toEqual([]);
    expect(result.content.unit).toBe('S01');
    expect(result.content.tasks.map((t) => [t.task, t.status])).toEqual([
      [1, 'in-progress'],
      [2, 'in-progress'],
    ]);
    expect(result.content.indicators.map((i) => i.code)).toEqual(rows.indicators.map((i) => i.code));
    for (const i of result.content.indicators) expect(i.value).not.toBeNull();
  });

  it('messy typing reads to the same content as clean typing', async () => {
    const fills = [false, true].map((messy) => (r: UnitRows) => completeFill(r, PERIOD, { seed: 7, messy }));
    const contents = [];
    for (const fill of fills) {
      const issued = await issueAndFill({ plan, unitCode: 'X01', period: PERIOD, fill });
      const grid = gridFromExcelJs(await openWorkbook(issued.filled));
      const result = checkWorkbook({ grid, rows: issued.rows, period: PERIOD, planYear: 2024 });
      expect(result.findings.filter((f) => f.level === 'error')).toEqual([]);
      contents.push(result.content);
    }
    expect(contents[1]).toEqual(contents[0]);
  });

  it('status is required and must be one of the list', () => {
    expectFinding(check(T({ D4: null })), {
      level: 'error',
      code: 'rules.required',
      sheet: '任务进展',
      cell: 'D4',
      text: '请选择进展状态',
    });
    expectFinding(check(T({ D5: '差不多' })), {
      level: 'error',
      code: 'rules.type',
      sheet: '任务进展',
      cell: 'D5',
      text: '下拉列表',
    });
    expect(check(T({ D4: ' 进行中 ' })).content.tasks[0].status).toBe('in-progress');
  });

  it('percent must be a number from 0 to 100; 12% and full-width digits are read', () => {
    expectFinding(check(T({ E4: 120 })), {
      level: 'error',
      code: 'rules.range',
      sheet: '任务进展',
      cell: 'E4',
      text: '0至100',
    });
    expectFinding(check(T({ E4: 'abc' })), {
      level: 'error',
      code: 'rules.type',
      sheet: '任务进展',
      cell: 'E4',
      text: '"abc"',
    });
    expect(check(T({ E4: '12%' })).content.tasks[0].percent).toBe(12);
    expect(check(T({ E4: '１２' })).content.tasks[0].percent).toBe(12);
    // The column is in percent points; 0.5 may be Excel having turned a typed "50%" into 0.5.
    expectFinding(check(T({ E4: 0.5 })), {
      level: 'warning',
      code: 'rules.percent-fraction',
      sheet: '任务进展',
      cell: 'E4',
      text: '如指50%请填写50',
    });
    expect(check(T({ E4: 1 })).content.tasks[0].percent).toBe(1);
    expect(check(T({ E4: '0.5%' })).content.tasks[0].percent).toBe(0.5);
  });

  it('已完成 needs 印证资料 and 100', () => {
    const r = check(T({ D4: '已完成', E4: 80, J4: null }));
    expectFinding(r, {
      level: 'error',
      code: 'rules.done-evidence',
      sheet: '任务进展',
      cell: 'J4',
      text: '状态为"已完成"，请填写印证资料',
    });
    expectFinding(r, {
      level: 'error',
      code: 'rules.done-percent',
      sheet: '任务进展',
      cell: 'E4',
      text: '应为100',
    });
    expect(check(T({ D4: '已完成', E4: '100%', J4: '市政府文件' })).findings).toEqual([]);
    expectFinding(check(T({ D4: '已完成', E4: null, J4: 'x' })), {
      level: 'error',
      code: 'rules.done-percent',
      sheet: '任务进展',
      cell: 'E4',
      text: '填写100',
    });
  });

  it('滞后 needs 存在问题 and a 计划完成时间 after the period', () => {
    const r = check(T({ D4: '滞后', G4: '无', I4: new Date('2024-05-20T00:00:00Z') }));
    expectFinding(r, {
      level: 'error',
      code: 'rules.behind-problems',
      sheet: '任务进展',
      cell: 'G4',
      text: '存在问题',
    });
    expectFinding(r, {
      level: 'error',
      code: 'rules.behind-date',
      sheet: '任务进展',
      cell: 'I4',
      text: '晚于本期末2024年5月31日',
    });
    expectFinding(check(T({ D4: '滞后', G4: '缺经费', I4: null })), {
      level: 'error',
      code: 'rules.behind-date',
      sheet: '任务进展',
      cell: 'I4',
      text: '请填写计划完成时间',
    });
    expect(check(T({ D4: '滞后', G4: '缺经费', I4: '2024年6月30日' })).findings).toEqual([]);
    // The issued sheet marks 完成进度 as missing for 滞后; the rules must agree.
    expectFinding(check(T({ D4: '滞后', E4: null, G4: '缺经费', I4: '2024年6月30日' })), {
      level: 'error',
      code: 'rules.required',
      sheet: '任务进展',
      cell: 'E4',
      text: '请填写完成进度',
    });
  });

  it('不适用 needs a reason in 本月工作进展', () => {
    expectFinding(check(T({ D5: '不适用', F5: '  ' })), {
      level: 'error',
      code: 'rules.not-applicable-reason',
      sheet: '任务进展',
      cell: 'F5',
      text: '说明不适用的原因',
    });
  });

  it('完成进度 must agree with 进展状态', () => {
    expectFinding(check(T({ E4: 100 })), {
      level: 'warning',
      code: 'rules.status-percent',
      sheet: '任务进展',
      cell: 'E4',
      text: '改为"已完成"',
    });
    expectFinding(check(T({ D4: '未启动', E4: 40 })), {
      level: 'warning',
      code: 'rules.status-percent',
      sheet: '任务进展',
      cell: 'E4',
      text: '未启动',
    });
    expectFinding(check(T({ E4: null })), {
      level: 'error',
      code: 'rules.required',
      sheet: '任务进展',
      cell: 'E4',
      text: '完成进度',
    });
    expectFinding(check(T({ F4: null })), {
      level: 'error',
      code: 'rules.required',
      sheet: '任务进展',
      cell: 'F4',
      text: '本月工作进展',
    });
  });

  it('dates must be dates within the allowed window', () => {
    expectFinding(check(T({ I4: '下个月' })), {
      level: 'error',
      code: 'rules.type',
      sheet: '任务进展',
      cell: 'I4',
      text: '"下个月"',
    });
    expectFinding(check(T({ I4: '2030-01-01' })), {
      level: 'error',
      code: 'rules.range',
      sheet: '任务进展',
      cell: 'I4',
      text: '2025-12-31',
    });
    expectFinding(check(T({ I4: '2024-05-10' })), {
      level: 'warning',
      code: 'rules.planned-passed',
      sheet: '任务进展',
      cell: 'I4',
      text: '计划完成时间2024年5月10日不晚于本期末2024年5月31日，如未按期完成请把状态改为"滞后"',
    });
  });

  it('a formula in an input cell is refused', () => {
    expectFinding(check(T({ E4: { formula: '50+50', result: 100 } })), {
      level: 'error',
      code: 'rules.type',
      sheet: '任务进展',
      cell: 'E4',
      text: '公式',
    });
  });

  it('counts must be whole numbers >= 0; numerators and denominators required', () => {
    expectFinding(check(I({ D4: 'abc' })), {
      level: 'error',
      code: 'rules.type',
      sheet: '监测指标',
      cell: 'D4',
      text: '"abc"',
    });
    expectFinding(check(I({ E4: -5 })), {
      level: 'error',
      code: 'rules.type',
      sheet: '监测指标',
      cell: 'E4',
      text: '负数',
    });
    expectFinding(check(I({ D7: 2.5 })), {
      level: 'error',
      code: 'rules.type',
      sheet: '监测指标',
      cell: 'D7',
      text: '整数',
    });
    expectFinding(check(I({ D4: null })), {
      level: 'error',
      code: 'rules.required',
      sheet: '监测指标',
      cell: 'D4',
      text: '分子',
    });
    expectFinding(check(I({ E4: null })), {
      level: 'error',
      code: 'rules.required',
      sheet: '监测指标',
      cell: 'E4',
      text: '分母',
    });
    expectFinding(check(I({ E4: 0 })), {
      level: 'error',
      code: 'rules.denominator-zero',
      sheet: '监测指标',
      cell: 'E4',
      text: '分母为0',
    });
    const r = check(I({ D4: '1,234', E4: '１０００' }));
    expect(r.content.indicators[0]).toMatchObject({ numerator: 1234, denominator: 1000, value: 1.234 });
  });

  it('a share cannot exceed its whole; a ratio may', () => {
    expectFinding(check(I({ D5: 200, E5: 100 })), {
      level: 'error',
      code: 'rules.ratio-bound',
      sheet: '监测指标',
      cell: 'D5',
      text: '大于分母',
    });
    expect(check(I({ D4: 200, E4: 100 })).findings).toEqual([]);
  });

  it('a percent typed directly stays in 0–100 and becomes a fraction', () => {
    expect(check(I({ D6: '1.5%' })).content.indicators[2].value).toBeCloseTo(0.015);
    expectFinding(check(I({ D6: 150 })), {
      level: 'error',
      code: 'rules.range',
      sheet: '监测指标',
      cell: 'D6',
      text: '0至100',
    });
  });

  it('yes-no and date indicators', () => {
    expect(check(I({ D9: '是' })).content.indicators[5].value).toBe(1);
    expect(check(I({ D9: '无' })).content.indicators[5].value).toBe(0);
    expectFinding(check(I({ D9: '也许' })), {
      level: 'error',
      code: 'rules.type',
      sheet: '监测指标',
      cell: 'D9',
      text: '请填写"是"或"否"',
    });
    expect(check(I({ D8: '2024-10-08' })).content.indicators[4].value).toBe(45573);
    expectFinding(check(I({ D8: '2023-10-08' })), {
      level: 'error',
      code: 'rules.range',
      sheet: '监测指标',
      cell: 'D8',
      text: '2024-01-01',
    });
  });

  it('a blank completion date is fine before its target date and a warning after it', () => {
    const blank = (period: string) =>
      checkWorkbook({ grid: overlay(clean, I({ D8: null })), rows, period, planYear: 2024 }).findings.filter(
        (f) => f.cell === 'D8',
      );
    expect(blank('2024-05')).toEqual([]);
    expect(blank('2024-10')).toEqual([]);
    const late = blank('2024-11');
    expect(late.map((f) => [f.level, f.code])).toEqual([['warning', 'rules.not-done']]);
    expect(late[0].message).toContain('10月底前');
  });

  it('a blank value is an error unless the indicator says warning', () => {
    const levelOf = (level: 'error' | 'warning' | undefined) => {
      const withLevel = {
        ...rows,
        indicators: rows.indicators.map((r, i) => (i === 0 ? { ...r, level } : r)),
      };
      const at = `D${rows.indicators[0].row}`;
      return checkWorkbook({
        grid: overlay(clean, I({ [at]: null })),
        rows: withLevel,
        period: PERIOD,
        planYear: 2024,
      })
        .findings.filter((f) => f.cell === at && f.code === 'rules.required')
        .map((f) => f.level);
    };
    expect(levelOf('warning')).toEqual(['warning']);
    expect(levelOf('error')).toEqual(['error']);
    expect(levelOf(undefined)).toEqual(['error']); // workbooks issued before rows carried a level
  });

  it('data-as-of date: valid, in the year, warned when older than the period', () => {
    expectFinding(check(I({ I4: '2024-04-30' })), {
      level: 'warning',
      code: 'rules.stale-data',
      sheet: '监测指标',
      cell: 'I4',
      text: '早于本期',
    });
    expectFinding(check(I({ I4: 'abc' })), {
      level: 'error',
      code: 'rules.type',
      sheet: '监测指标',
      cell: 'I4',
      text: '"abc"',
    });
    // The December return is filled in January: data pulled then is still this plan year's.
    const asOfFindings = (period: string, asOf: string) =>
      checkWorkbook({ grid: overlay(clean, I({ I4: asOf })), rows, period, planYear: 2024 }).findings.filter(
        (f) => f.sheet === '监测指标' && f.cell === 'I4',
      );
    expect(asOfFindings('2024-12', '2025-01-06')).toEqual([]);
    expect(asOfFindings('2024-12', '2025-02-03').map((f) => f.code)).toEqual(['rules.range']);
    expect(asOfFindings('2024-12', '2023-12-31').map((f) => f.code)).toEqual(['rules.range']);
  });

  it('year-to-date counts must not go down', () => {
    const previous: SubmissionContent = {
      unit: 'S01',
      period: '2024-04',
      tasks: [],
      indicators: [{ code: 'T02-4', numerator: 50, denominator: null, value: 50, asOf: null, note: '' }],
    };
    expectFinding(check(I({ D7: 3 }), previous), {
      level: 'warning',
      code: 'rules.ytd-decrease',
      sheet: '监测指标',
      cell: 'D7',
      text: '小于上期报送的50',
    });
    expect(check(I({ D7: 60 }), previous).findings).toEqual([]);
  });

  it('targets are information, never findings', () => {
    const r = check(I({ D4: 1, E4: 1000, D9: '是' }));
    expect(r.findings).toEqual([]);
    expect(r.targets.find((t) => t.code === 'T02-1')).toMatchObject({ met: false, cell: 'F4', value: 0.001 });
    expect(r.targets.find((t) => t.code === 'T02-6')).toMatchObject({ met: false });
    expect(check(I({ D4: 2000, E4: 1000 })).targets[0].met).toBe(true);
  });

  it('a task past its deadline still in progress is flagged, from the period the deadline falls in', async () => {
    // Task 3's deadline is 2024-03-31: the March return is filed in April, after it.
    const flagged = async (period: string) => {
      const issued = await issueAndFill({
        plan,
        unitCode: 'S02',
        period,
        fill: (r) => completeFill(r, period, { status: 'in-progress' }),
      });
      const grid = gridFromExcelJs(await openWorkbook(issued.filled));
      const result = checkWorkbook({ grid, rows: issued.rows, period, planYear: 2024 });
      const row = issued.rows.tasks.find((t) => t.task === 3)!.row;
      return result.findings.filter(
        (f) => f.code === 'rules.task-deadline' && f.cell === `D${row}` && f.sheet === '任务进展',
      );
    };
    expect(await flagged(PERIOD)).toEqual([expect.objectContaining({ level: 'warning' })]);
    expect(await flagged('2024-03')).toEqual([expect.objectContaining({ level: 'warning' })]);
    expect(await flagged('2024-02')).toEqual([]);
  });

  it('locked cells changed, rows deleted or appended, sheets missing', () => {
    expectFinding(check(T({ B4: '改过的任务' })), {
      level: 'error',
      code: 'contract.locked-cell',
      sheet: '任务进展',
      cell: 'B4',
      text: '锁定内容被修改',
    });
    expectFinding(check(T({ A5: 3 })), {
      level: 'error',
      code: 'contract.locked-cell',
      sheet: '任务进展',
      cell: 'A5',
      text: '应为“2”',
    });
    expectFinding(check(I({ A10: 'T99-1' })), {
      level: 'error',
      code: 'contract.locked-cell',
      sheet: '监测指标',
      cell: 'A10',
      text: '增加行',
    });
    const noSheet: CellGrid = { hasSheet: (s) => s !== SHEETS.indicators, get: (s, a) => clean.get(s, a) };
    const r = checkWorkbook({ grid: noSheet, rows, period: PERIOD, planYear: 2024 });
    expect(r.findings.map((f) => f.code)).toEqual(['contract.missing-sheet']);
    expect(r.findings[0].message).toContain('监测指标');
  });

  it('works on a plain grid, as the add-in builds it', () => {
    const grid = gridFromObject({ [SHEETS.tasks]: {}, [SHEETS.indicators]: {} });
    const r = checkWorkbook({ grid, rows, period: PERIOD, planYear: 2024 });
    // Every locked cell is missing and every status empty: errors, never a throw.
    expect(r.findings.some((f) => f.code === 'rules.required' && f.cell === 'D4')).toBe(true);
    expect(r.content.tasks).toHaveLength(rows.tasks.length);
  });
});

export type { WorkbookFill };
