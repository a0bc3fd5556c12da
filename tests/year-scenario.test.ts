import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chineseDate, libraryCalendar, workingDayCalendar } from '../core/calendar/index.js';
import { planCalendar } from '../core/plan/calendar.js';
import {
  changeTarget,
  FIRST_PERIOD,
  OFFICE_2027_HOLIDAYS,
  SCENARIO_UNITS,
  typeHolidays,
  YearScenario,
} from './helpers/year-scenario.js';

/**
 * An office that adopts creditwork in September 2026 and runs into 2027 in one workspace (issue 13,
 * item 8). Each `it` is the next step of the same workspace, in order.
 */
let root: string;
let office: YearScenario;
const calendar2027 = workingDayCalendar(OFFICE_2027_HOLIDAYS);

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  root = await mkdtemp(path.join(os.tmpdir(), 'year-scenario-'));
  office = new YearScenario(root);
  await office.setUp();
});
afterAll(async () => {
  vi.useRealTimers();
  await rm(root, { recursive: true, force: true });
});

describe('an office that starts in September 2026 and runs into 2027', () => {
  it('nothing before 启用期间 is issued, collected, looked at or circulated', async () => {
    office.at('2026-09-01 09:00');
    for (const [name, options] of [
      ['issue', { period: '2026-08' }],
      ['collect', { period: '2026-08' }],
      ['status', { period: '2026-08' }],
      ['circular', { period: '2026-08', date: '2026-09-10' }],
    ] as const) {
      const result = await office.command(name, options);
      expect(result.code, name).toBe(1);
      expect(result.stderr).toContain(`在本年度的启用期间（2026年9月）之前`);
    }
    expect(existsSync(path.join(office.ws.outbox, '2026-08'))).toBe(false);
    // Nothing run yet, nothing to assess: said plainly instead of scoring every unit 0.
    const assess = await office.command('assess', { year: '2026', date: '2026-10-10' });
    expect(assess.code).toBe(1);
    expect(assess.stderr).toContain(
      '2026年度没有可计入考核的月份（1—8月在启用期间之前，9月未下发填报表，10—12月截至成文日期尚未结束）',
    );
  });

  it('September to November: issued, returned (X03 late in October, K01 never in November), collected', async () => {
    office.at('2026-09-25 09:00');
    await office.must('issue', { period: '2026-09' });
    await office.allReturn('2026-09', '2026-10-12 10:00');
    office.at('2026-10-12 18:00');
    await office.must('collect', { period: '2026-09' });

    office.at('2026-10-26 09:00');
    await office.must('issue', { period: '2026-10' });
    await office.allReturn('2026-10', '2026-11-03 15:00', ['X03']);
    // October's deadline is the 5th working day of November 2026.
    const octoberDeadline = libraryCalendar().nthWorkingDayOfMonth(2026, 11, 5);
    await office.returnFrom(
      'X03',
      '2026-10',
      `${libraryCalendar().addWorkingDays(octoberDeadline, 2)} 09:30`,
    );
    office.at(`${libraryCalendar().addWorkingDays(octoberDeadline, 2)} 18:00`);
    const october = JSON.parse((await office.must('collect', { period: '2026-10', json: true })).stdout);
    expect(october.deadline).toBe(octoberDeadline);
    expect(october.units.find((u: { code: string }) => u.code === 'X03').state).toBe('late');

    office.at('2026-11-25 09:00');
    await office.must('issue', { period: '2026-11' });
    await office.allReturn('2026-11', '2026-12-02 11:00', ['K01', 'X03', 'S04']);
    office.at('2026-12-02 18:00');
    await office.must('collect', { period: '2026-11' });
    const status = JSON.parse((await office.must('status', { period: '2026-11', json: true })).stdout);
    expect(status.units.map((u: { code: string }) => u.code).sort()).toEqual([...SCENARIO_UNITS].sort());
  });

  it('November: X03 exempted, S04 given three more working days, a target raised while workbooks are out', async () => {
    const deadline = libraryCalendar().nthWorkingDayOfMonth(2026, 12, 5);
    const until = libraryCalendar().addWorkingDays(deadline, 3);
    office.at('2026-12-03 09:00');
    const exempt = await office.must('exception add', {
      period: '2026-11',
      unit: 'X03',
      kind: '免报',
      reason: '县机构改革，11月暂停报送',
    });
    expect(exempt.stdout).toContain('已登记');
    await office.must('exception add', {
      period: '2026-11',
      unit: 'S04',
      kind: '延期',
      until,
      reason: '系统升级，数据延迟',
    });
    const listed = JSON.parse(
      (await office.must('exception list', { period: '2026-11', json: true })).stdout,
    );
    expect(JSON.stringify(listed)).toContain('县机构改革');

    // The office raises S14's ratio target in plans/2026.xlsx, the version unchanged: the workbooks
    // still out stay valid and November is judged and circulated on the new target.
    await changeTarget(office.planFile(2026), 'T07-3', 0.6, '≥0.6');
    expect((await office.plan('2026-11')).indicators.find((i) => i.code === 'T07-3')?.target).toBe(0.6);

    await office.returnFrom('S04', '2026-11', `${libraryCalendar().addWorkingDays(deadline, 2)} 10:00`);
    office.at(`${libraryCalendar().addWorkingDays(deadline, 2)} 18:00`);
    const november = JSON.parse((await office.must('collect', { period: '2026-11', json: true })).stdout);
    const state = (code: string) =>
      november.units.find((u: { code: string }) => u.code === code) as { state: string; deadline: string };
    expect(state('S04')).toMatchObject({ state: 'on-time', deadline: until });
    expect(state('X03').state).toBe('exempt');
    expect(state('S14').state).toBe('on-time');
    expect(state('K01').state).toBe('missing');
  });

  it('December cannot be issued until 2027’s holidays are known: the message names the date and the file', async () => {
    office.at('2026-12-10 09:00');
    const refused = await office.command('issue', { period: '2026-12' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('无法确定2027-01-');
    expect(refused.stderr).toContain('plans/2027.xlsx');
    expect(refused.stderr).toContain('“节假日”工作表');
  });

  it('plan new makes 2027 from 2026; the office types the 2027 notice into its 节假日 sheet', async () => {
    office.at('2026-12-10 10:00');
    const made = await office.must('plan new', { year: '2027' });
    expect(made.stdout).toContain('由 2026 年工作要点结转');
    const show = JSON.parse((await office.must('plan show', { year: '2027', json: true })).stdout);
    expect(show.year).toBe(2027);
    expect(show.settings.firstPeriod).toBeUndefined();
    expect(show.units.map((u: { code: string }) => u.code)).toEqual(SCENARIO_UNITS);

    await typeHolidays(office.planFile(2027), OFFICE_2027_HOLIDAYS);
    const check = JSON.parse((await office.must('plan check', { year: '2027', json: true })).stdout);
    expect(check.ok).toBe(true);
    const missing = check.findings.filter((f: { code: string }) => f.code === 'plan.missing-holidays');
    expect(missing.map((f: { message: string }) => f.message).join()).not.toContain('缺少2027年');
    // The 2026 plan borrows the rows: its December deadline is dated by them.
    const plan2026 = await office.plan('2026-12');
    expect(planCalendar(plan2026).isWorkingDay('2027-01-01')).toBe(false);
  });

  it('November is circulated in mid-December on the raised target, X03’s exemption said', async () => {
    // Its rectification deadline runs past 12-25, which only the typed 2027 元旦 rows can date.
    office.at('2026-12-15 09:00');
    const circular = await office.must('circular', { period: '2026-11', date: '2026-12-15', number: '12' });
    const file = circular.stdout.match(/已生成月度通报：(.+)$/m)![1];
    const text = strFromU8(unzipSync(await readFile(file))['word/document.xml']).replace(/<[^>]+>/g, '');
    expect(text).toContain('≥0.6');
    expect(text).not.toContain('≥0.5');
    expect(text).toContain('免报');
  });

  it('December is issued with a deadline counted on the typed 元旦, returned and collected in January', async () => {
    office.at('2026-12-25 09:00');
    const issued = await office.must('issue', { period: '2026-12' });
    const deadline = calendar2027.nthWorkingDayOfMonth(2027, 1, 5);
    // 元旦 is a Friday off: the 5th working day is Friday 01-08, not Thursday 01-07.
    expect(deadline).toBe('2027-01-08');
    expect(issued.stdout).toContain(`报送截止：${chineseDate(deadline)}`);
    await office.allReturn('2026-12', `${deadline} 16:00`);
    office.at(`${deadline} 18:00`);
    const december = JSON.parse((await office.must('collect', { period: '2026-12', json: true })).stdout);
    expect(december.deadline).toBe(deadline);
    expect(december.units.map((u: { code: string; state: string }) => `${u.code}:${u.state}`)).toEqual(
      SCENARIO_UNITS.map((u) => `${u}:on-time`),
    );
  });

  it('January 2027 is issued from plans/2027.xlsx while December 2026 is circulated', async () => {
    office.at('2027-01-13 09:00');
    const january = await office.must('issue', { period: '2027-01' });
    expect(january.stdout).toContain(
      `报送截止：${chineseDate(calendar2027.nthWorkingDayOfMonth(2027, 2, 5))}`,
    );
    const circular = await office.must('circular', { period: '2026-12', date: '2027-01-13', number: '1' });
    expect(circular.stdout).toContain('2026-12');
    expect(existsSync(path.join(office.ws.reports, '2026-12'))).toBe(true);
    await office.allReturn('2027-01', '2027-02-03 10:00');
    office.at('2027-02-03 18:00');
    await office.must('collect', { period: '2027-01' });
    office.at('2027-02-22 09:00');
    await office.must('issue', { period: '2027-02' });
    await office.allReturn('2027-02', '2027-03-02 10:00');
    office.at('2027-03-02 18:00');
    const february = JSON.parse((await office.must('collect', { period: '2027-02', json: true })).stdout);
    expect(february.units.map((u: { code: string; state: string }) => `${u.code}:${u.state}`)).toEqual(
      SCENARIO_UNITS.map((u) => `${u}:on-time`),
    );
  });

  it('the 2026 assessment counts September–December only, pro rata, and says so', async () => {
    office.at('2027-01-20 09:00');
    const result = JSON.parse(
      (await office.must('assess', { year: '2026', date: '2027-01-20', json: true })).stdout,
    );
    expect(result.periods).toEqual(['2026-09', '2026-10', '2026-11', '2026-12']);
    expect(result.leftOut).toHaveLength(8);
    expect(result.leftOut.every((l: { period: string; reason: string }) => l.period < FIRST_PERIOD)).toBe(
      true,
    );
    expect(result.leftOut[0]).toMatchObject({ reason: 'before-first-period', label: '在启用期间之前' });
    for (const unit of result.units) {
      expect(unit.months).toEqual(unit.code === 'X03' ? ['2026-09', '2026-10', '2026-12'] : result.periods);
      expect(unit.exempt).toEqual(unit.code === 'X03' ? ['2026-11'] : []);
    }
    const report = await office.must('assess', { year: '2026', date: '2027-01-20' });
    expect(report.stdout).toContain('计入4个月（9—12月共4个月；1—8月在启用期间之前，不计入）');

    // The score sheet says it on every rule that counts months, and in its 说明; the report once.
    const sheet = new ExcelJS.Workbook();
    await sheet.xlsx.readFile(result.scoreSheet);
    const texts: string[] = [];
    sheet.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void texts.push(String(cell.value)))));
    expect(
      texts.filter((t) => t.includes('应报4个月（考核期为9—12月共4个月，按计入的月份折算）')),
    ).toHaveLength(SCENARIO_UNITS.length - 1);
    expect(
      texts.filter((t) =>
        t.includes('应报3个月（考核期为9—12月共4个月，按计入的月份折算）（另有11月经批准免报，不计）'),
      ),
    ).toHaveLength(1);
    expect(texts.some((t) => t.includes('未计入：1—8月在启用期间之前'))).toBe(true);
    // K01 never returned November; X03 was late in October and exempt in November; S04's November
    // return came inside its extension.
    const onTimeRule = new Map<string, string>();
    sheet.getWorksheet('评分明细')!.eachRow((row) => {
      const cells = Array.from(row.values as unknown[], (v) => String(v ?? ''));
      const rule = cells.find((c) => c.startsWith('按时报送：'));
      if (rule) onTimeRule.set(cells[1], rule);
    });
    expect(onTimeRule.get('K01')).toContain(
      '按时报送3个月、逾期报送0个月（每月按50%计）、未报送1个月；15×(3+0.5×0)÷4=11.25分',
    );
    expect(onTimeRule.get('X03')).toContain(
      '按时报送2个月、逾期报送1个月（每月按50%计）、未报送0个月；15×(2+0.5×1)÷3=12.5分',
    );
    expect(onTimeRule.get('S04')).toContain('按时报送4个月');
    const documentXml = strFromU8(unzipSync(await readFile(result.report))['word/document.xml']);
    const reportText = documentXml.replace(/<[^>]+>/g, '');
    expect(reportText).toContain('1—8月在启用期间之前，不计入考核');
    expect(reportText).toContain('11月（县机构改革，11月暂停报送）');
    expect(reportText).toContain('9—12月按时报送工作进展');
    expect(reportText).not.toContain('全年按时报送');
  });
});
