import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';
import type { Finding, Plan } from '../core/plan/model.js';
import { isoToExcelSerial } from '../core/values/excel-serial.js';
import { formatTarget } from '../reporter/plan/labels.js';
import { readNumber } from '../reporter/plan/values.js';
import { PLAN_SHEETS } from '../reporter/plan/sheets/index.js';
import { readPlanWorkbook, writePlanWorkbook } from '../reporter/plan/workbook.js';

/** A plan small enough to reason about, using every indicator kind and optional field. */
function smallPlan(): Plan {
  return {
    id: 'test-plan',
    version: 3,
    year: 2024,
    title: '测试工作要点',
    city: 'YY市',
    units: [
      { code: 'XYB', name: '市信用办', kind: 'credit-office', aliases: [], dualPublicity: false },
      {
        code: 'S01',
        name: '市发展改革委',
        kind: 'city-department',
        aliases: ['市发改委'],
        dualPublicity: true,
      },
      {
        code: 'S02',
        name: '市城市管理局',
        kind: 'city-department',
        aliases: ['供水、供气公司'],
        dualPublicity: false,
      },
      { code: 'X01', name: '甲县', kind: 'county', aliases: [], dualPublicity: true },
      {
        code: 'K01',
        name: 'YY开发区',
        kind: 'development-zone',
        aliases: ['YY开发区管委会'],
        dualPublicity: true,
      },
    ],
    tasks: [
      {
        number: 1,
        section: '一',
        sectionTitle: '第一部分',
        title: '任务甲',
        text: '任务甲的全文。\n第二段。',
        responsibilityText: '责任单位：市发展改革委；各县',
        responsibilities: [
          { unit: 'S01', role: 'lead' },
          { unit: 'X01', role: 'partner' },
          { unit: 'K01', role: 'partner' },
        ],
      },
      {
        number: 2,
        section: '二',
        sectionTitle: '第二部分',
        title: '任务乙',
        text: '任务乙的全文',
        responsibilityText: '',
        responsibilities: [
          { unit: 'S02', role: 'partner' },
          { unit: 'XYB', role: 'lead' },
        ],
        deadline: '2024-10-31',
      },
    ],
    indicators: [
      {
        code: 'T01-1',
        task: 1,
        name: '占比',
        definition: '甲 ÷ 乙',
        kind: 'percent',
        numeratorLabel: '甲',
        denominatorLabel: '乙',
        comparator: '>=',
        target: 0.075,
        targetText: '7.5%以上',
        reporters: ['S01', 'X01'],
        period: 'monthly',
        level: 'error',
      },
      {
        code: 'T01-2',
        task: 1,
        name: '重错码率',
        definition: '',
        kind: 'percent',
        comparator: '<=',
        target: 0.0001,
        targetText: '0.01%以下',
        reporters: ['K01'],
        period: 'monthly',
        level: 'warning',
      },
      {
        code: 'T02-1',
        task: 2,
        name: '比值',
        definition: '条数 ÷ 企业数',
        kind: 'ratio',
        comparator: '>',
        target: 0.5,
        targetText: '>0.5',
        reporters: ['S02'],
        period: 'year-to-date',
        level: 'error',
      },
      {
        code: 'T02-2',
        task: 2,
        name: '次数',
        definition: '',
        kind: 'count',
        comparator: '>=',
        target: 20,
        targetText: '20次以上',
        reporters: ['X01', 'K01'],
        period: 'annual',
        level: 'error',
      },
      {
        code: 'T02-3',
        task: 2,
        name: '完成日期',
        definition: '',
        kind: 'date',
        comparator: '<=',
        target: isoToExcelSerial('2024-10-31'),
        targetText: '10月底前',
        reporters: ['S01'],
        period: 'annual',
        level: 'warning',
      },
      {
        code: 'T02-4',
        task: 2,
        name: '是否发生',
        definition: '',
        kind: 'yes-no',
        comparator: '<',
        target: 1,
        targetText: '不发生',
        reporters: ['S02', 'X01'],
        period: 'monthly',
        level: 'error',
      },
    ],
    settings: {
      returnDeadlineWorkingDay: 5,
      rectificationWorkingDays: 10,
      dualPublicityWeights: { compliance: 0.4, timeliness: 0.35, completeness: 0.25 },
      dualPublicityDueWorkingDays: 7,
      sheetPassword: '',
      contactName: '张三',
      contactPhone: '03590000000',
      contactEmail: 'xyb@example.cn',
    },
    document: {
      issuer: 'YY市信用办',
      numberPrefix: 'Y信用办',
      mainRecipients: '各县',
      copyTo: '',
      printer: 'YY市信用办',
    },
  };
}

let dir: string;
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'plan-workbook-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const nextFile = () => path.join(dir, `plan-${++counter}.xlsx`);

/** Writes a plan, lets the test edit the file as a person would in Excel, and reads it back. */
async function edited(
  plan: Plan,
  edit: (workbook: ExcelJS.Workbook) => void | Promise<void>,
): Promise<{ plan: Plan; findings: Finding[] }> {
  const file = nextFile();
  await writePlanWorkbook(plan, file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  await edit(workbook);
  await workbook.xlsx.writeFile(file);
  return readPlanWorkbook(file);
}

/** Address of the cell in `column` (by header) on the row whose `keyHeader` cell equals `key`. */
function cellOf(
  workbook: ExcelJS.Workbook,
  sheet: string,
  keyHeader: string,
  key: unknown,
  column: string,
): ExcelJS.Cell {
  const ws = workbook.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const headers = ws.getRow(1).values as unknown[];
  const keyCol = headers.indexOf(keyHeader);
  const col = headers.indexOf(column);
  if (keyCol < 0 || col < 0) throw new Error(`no column ${keyHeader} / ${column} in ${sheet}`);
  for (let r = 2; r <= ws.rowCount; r++) {
    if (ws.getRow(r).getCell(keyCol).value === key) return ws.getRow(r).getCell(col);
  }
  throw new Error(`no row with ${keyHeader}=${String(key)} in ${sheet}`);
}

const only = (findings: Finding[], code: string) => findings.filter((f) => f.code === code);

describe('plan.xlsx round trip', () => {
  it('reads back a small plan deep-equal, with no findings', async () => {
    const plan = smallPlan();
    const file = nextFile();
    await writePlanWorkbook(plan, file);
    const read = await readPlanWorkbook(file);
    expect(read.findings).toEqual([]);
    expect(read.plan).toEqual(plan);
  });

  it('reads back the built-in 2024 plan deep-equal, with no findings', async () => {
    const plan = builtInPlan(2024);
    expect(plan).toBeDefined();
    const file = nextFile();
    await writePlanWorkbook(plan!, file);
    const read = await readPlanWorkbook(file);
    expect(read.findings).toEqual([]);
    expect(read.plan).toEqual(plan);
  });

  it('the core sheets alone round-trip the built-in plan (so a failure above points at a feature sheet)', async () => {
    const core = PLAN_SHEETS.filter((m) =>
      ['说明', '单位', '任务', '责任分工', '指标', '设置'].includes(m.name),
    );
    expect(core).toHaveLength(6);
    const plan = builtInPlan(2024)!;
    const file = nextFile();
    await writePlanWorkbook(plan, file, core);
    const read = await readPlanWorkbook(file, core);
    expect(read.findings).toEqual([]);
    expect(read.plan).toEqual({ ...plan, schedule: undefined, scoring: undefined });
  });

  it('lays the sheets out for people: frozen header, dropdowns, percent shown as percent', async () => {
    const file = nextFile();
    await writePlanWorkbook(smallPlan(), file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    for (const name of ['说明', '单位', '任务', '责任分工', '指标', '设置'])
      expect(workbook.getWorksheet(name)).toBeDefined();
    const indicators = workbook.getWorksheet('指标')!;
    expect(indicators.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const comparator = cellOf(workbook, '指标', '指标编码', 'T01-1', '比较');
    expect(comparator.value).toBe('≥');
    expect(comparator.dataValidation?.type).toBe('list');
    expect(String(comparator.dataValidation?.formulae?.[0])).toContain('≥');
    const target = cellOf(workbook, '指标', '指标编码', 'T01-1', '目标值');
    expect(target.value).toBe(0.075);
    expect(target.numFmt).toBe('0.0%');
    expect(cellOf(workbook, '单位', '单位编码', 'S01', '单位类型').dataValidation?.type).toBe('list');
    expect(cellOf(workbook, '责任分工', '任务序号', 1, '分工').dataValidation?.type).toBe('list');
  });
});

describe('plan.xlsx accepts what people type', () => {
  it('accepts a unit code or alias in 责任分工 and 报送单位, `>=` and words as comparators, `10%` and `0.1` as targets', async () => {
    const read = await edited(smallPlan(), (wb) => {
      cellOf(wb, '责任分工', '责任单位', '市发展改革委', '责任单位').value = '市发改委';
      cellOf(wb, '责任分工', '责任单位', '甲县', '责任单位').value = 'x01';
      cellOf(wb, '指标', '指标编码', 'T01-1', '比较').value = '>=';
      cellOf(wb, '指标', '指标编码', 'T02-1', '比较').value = '大于';
      cellOf(wb, '指标', '指标编码', 'T01-1', '目标值').value = '7.5%';
      cellOf(wb, '指标', '指标编码', 'T01-2', '目标值').value = '０.０１％';
      cellOf(wb, '指标', '指标编码', 'T02-1', '目标值').value = '0.5';
      cellOf(wb, '指标', '指标编码', 'T02-3', '目标值').value = '2024年10月31日';
      cellOf(wb, '指标', '指标编码', 'T01-1', '报送单位').value = 'S01，甲县';
      cellOf(wb, '指标', '指标编码', 'T02-2', '报送单位').value = '全部县(市、区)、YY开发区管委会';
      cellOf(wb, '指标', '指标编码', 'T02-4', '报送单位').value = '供水、供气公司、甲县';
      cellOf(wb, '设置', '键名（程序用，请勿修改）', 'settings.dualPublicityWeights.compliance', '值').value =
        '40%';
    });
    expect(read.findings).toEqual([]);
    expect(read.plan).toEqual(smallPlan());
  });

  it('shows percents as people write them and reads them back to the same fraction', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 6 }), (n, decimals) => {
        const fraction = Number(`${n}e-${decimals}`);
        if (fraction > 1) return;
        const shown = formatTarget({ kind: 'percent', target: fraction });
        const read = readNumber(shown, true);
        expect(read).toEqual({ ok: true, value: fraction });
      }),
    );
  });
});

describe('plan.xlsx findings name sheet and cell', () => {
  it('unknown unit in 责任分工', async () => {
    let address = '';
    const { findings } = await edited(smallPlan(), (wb) => {
      const cell = cellOf(wb, '责任分工', '责任单位', '市发展改革委', '责任单位');
      cell.value = '市不存在局';
      address = cell.address;
    });
    const [finding] = only(findings, 'plan.unknown-unit');
    expect(finding).toMatchObject({
      level: 'error',
      sheet: '责任分工',
      cell: address,
      file: path.basename(finding.file!),
    });
    expect(finding.message).toContain('市不存在局');
  });

  it('unknown unit in 报送单位', async () => {
    let address = '';
    const { findings } = await edited(smallPlan(), (wb) => {
      const cell = cellOf(wb, '指标', '指标编码', 'T02-2', '报送单位');
      cell.value = '甲县、乙县';
      address = cell.address;
    });
    expect(only(findings, 'plan.unknown-unit')).toEqual([
      expect.objectContaining({ sheet: '指标', cell: address, message: expect.stringContaining('乙县') }),
    ]);
  });

  it('duplicate unit code, task number and indicator code', async () => {
    const addresses: Record<string, string> = {};
    const { findings } = await edited(smallPlan(), (wb) => {
      const unit = cellOf(wb, '单位', '单位编码', 'S02', '单位编码');
      unit.value = 'S01';
      addresses.unit = unit.address;
      const task = cellOf(wb, '任务', '序号', 2, '序号');
      task.value = 1;
      addresses.task = task.address;
      const indicator = cellOf(wb, '指标', '指标编码', 'T02-2', '指标编码');
      indicator.value = 'T02-1';
      addresses.indicator = indicator.address;
    });
    expect(only(findings, 'plan.duplicate-unit')).toEqual([
      expect.objectContaining({ sheet: '单位', cell: addresses.unit }),
    ]);
    expect(only(findings, 'plan.duplicate-task')).toEqual([
      expect.objectContaining({ sheet: '任务', cell: addresses.task }),
    ]);
    expect(only(findings, 'plan.duplicate-indicator')).toEqual([
      expect.objectContaining({ sheet: '指标', cell: addresses.indicator }),
    ]);
  });

  it('bad comparator, target not a number, bad kind, period and level', async () => {
    const addresses: Record<string, string> = {};
    const set = (
      wb: ExcelJS.Workbook,
      code: string,
      column: string,
      value: ExcelJS.CellValue,
      key: string,
    ) => {
      const cell = cellOf(wb, '指标', '指标编码', code, column);
      cell.value = value;
      addresses[key] = cell.address;
    };
    const { findings } = await edited(smallPlan(), (wb) => {
      set(wb, 'T01-1', '比较', '≈', 'comparator');
      set(wb, 'T02-2', '目标值', '二十次', 'target');
      set(wb, 'T02-1', '类型', '分数', 'kind');
      set(wb, 'T02-3', '周期', '每周', 'period');
      set(wb, 'T02-4', '级别', '严重', 'level');
    });
    const at = (code: string, key: string) =>
      expect(only(findings, code)).toEqual([
        expect.objectContaining({ level: 'error', sheet: '指标', cell: addresses[key] }),
      ]);
    at('plan.bad-comparator', 'comparator');
    at('plan.bad-target', 'target');
    at('plan.bad-kind', 'kind');
    at('plan.bad-period', 'period');
    at('plan.bad-level', 'level');
  });

  it('a bare 10 in a percent target is ambiguous, not 1000%', async () => {
    let address = '';
    const { findings } = await edited(smallPlan(), (wb) => {
      const cell = cellOf(wb, '指标', '指标编码', 'T01-1', '目标值');
      cell.value = 10;
      address = cell.address;
    });
    expect(only(findings, 'plan.bad-target')).toEqual([
      expect.objectContaining({ cell: address, message: expect.stringContaining('10%') }),
    ]);
  });

  it('task without a lead points at the task', async () => {
    let address = '';
    const { findings } = await edited(smallPlan(), (wb) => {
      cellOf(wb, '责任分工', '责任单位', '市信用办', '分工').value = '配合';
      address = cellOf(wb, '任务', '序号', 2, '序号').address;
    });
    expect(only(findings, 'plan.task-without-lead')).toEqual([
      expect.objectContaining({
        level: 'error',
        sheet: '任务',
        cell: address,
        message: expect.stringContaining('任务 2'),
      }),
    ]);
  });

  it('missing required cell, bad deadline and unknown task', async () => {
    const addresses: Record<string, string> = {};
    const { findings } = await edited(smallPlan(), (wb) => {
      const title = cellOf(wb, '任务', '序号', 1, '任务名称');
      title.value = null;
      addresses.title = title.address;
      const deadline = cellOf(wb, '任务', '序号', 2, '完成时限');
      deadline.value = '10月底';
      addresses.deadline = deadline.address;
      const task = cellOf(wb, '指标', '指标编码', 'T02-1', '任务序号');
      task.value = 9;
      addresses.task = task.address;
    });
    expect(only(findings, 'plan.missing-value')).toEqual([
      expect.objectContaining({ sheet: '任务', cell: addresses.title }),
    ]);
    expect(only(findings, 'plan.bad-date')).toEqual([
      expect.objectContaining({ sheet: '任务', cell: addresses.deadline }),
    ]);
    expect(only(findings, 'plan.unknown-task')).toEqual([
      expect.objectContaining({ sheet: '指标', cell: addresses.task }),
    ]);
  });

  it('settings with wrong types, weights that do not sum to 100%, a missing setting', async () => {
    const addresses: Record<string, string> = {};
    const { findings } = await edited(smallPlan(), (wb) => {
      const key = '键名（程序用，请勿修改）';
      const version = cellOf(wb, '设置', key, 'version', '值');
      version.value = '第三版';
      addresses.version = version.address;
      const weight = cellOf(wb, '设置', key, 'settings.dualPublicityWeights.compliance', '值');
      weight.value = 0.5;
      addresses.weight = weight.address;
      const issuer = cellOf(wb, '设置', key, 'document.issuer', key);
      wb.getWorksheet('设置')!.spliceRows(Number(issuer.row), 1);
    });
    const bad = only(findings, 'plan.bad-setting');
    expect(bad).toEqual([
      expect.objectContaining({ sheet: '设置', cell: addresses.version }),
      expect.objectContaining({
        sheet: '设置',
        cell: addresses.weight,
        message: expect.stringContaining('110%'),
      }),
    ]);
    expect(only(findings, 'plan.missing-setting')).toEqual([
      expect.objectContaining({ sheet: '设置', message: expect.stringContaining('document.issuer') }),
    ]);
  });

  it('a missing sheet and a missing column', async () => {
    const { findings } = await edited(smallPlan(), (wb) => {
      wb.removeWorksheet(wb.getWorksheet('责任分工')!.id);
      cellOf(wb, '指标', '指标编码', 'T01-1', '比较');
      const ws = wb.getWorksheet('指标')!;
      const col = (ws.getRow(1).values as unknown[]).indexOf('比较');
      ws.getRow(1).getCell(col).value = '比较方式';
    });
    expect(only(findings, 'plan.missing-sheet')).toEqual([
      expect.objectContaining({ sheet: '责任分工', cell: 'A1' }),
    ]);
    expect(only(findings, 'plan.missing-column')).toEqual([
      expect.objectContaining({ sheet: '指标', message: expect.stringContaining('比较') }),
    ]);
  });
});
