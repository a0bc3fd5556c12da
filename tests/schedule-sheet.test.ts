import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';
import type { Plan } from '../core/plan/model.js';
import { libraryCalendar } from '../core/calendar/index.js';
import { DEFAULT_SCHEDULE, scheduleOf } from '../core/schedule/model.js';
import { listing } from '../core/schedule/runs.js';
import { run as scheduleCommand } from '../reporter/commands/schedule.js';
import { readPlanWorkbook, writePlanWorkbook } from '../reporter/plan/workbook.js';
import { UserError } from '../reporter/user-error.js';

let dir: string;
let n = 0;
const nextFile = () => path.join(dir, `plan-${++n}.xlsx`);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'creditwork-schedule-sheet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the plan, lets the test type into the 日程 sheet by key, and reads it back. */
async function edited(plan: Plan, values: Record<string, ExcelJS.CellValue>) {
  const file = nextFile();
  await writePlanWorkbook(plan, file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('日程')!;
  const addresses: Record<string, string> = {};
  ws.eachRow((row) => {
    const key = String(row.getCell(4).value);
    if (key in values) {
      row.getCell(2).value = values[key];
      addresses[key] = row.getCell(2).address;
    }
  });
  await wb.xlsx.writeFile(file);
  return { ...(await readPlanWorkbook(file)), addresses };
}

describe('the 日程 sheet of plan.xlsx', () => {
  it('reads back an edited schedule exactly, and the default as no schedule', async () => {
    const plan = builtInPlan(2024)!;
    const plain = await edited(plan, {});
    expect(plain.findings).toEqual([]);
    expect(plain.plan.schedule).toBeUndefined();

    const custom = {
      ...DEFAULT_SCHEDULE,
      dailyTime: '08:15',
      issueMonth: 'previous' as const,
      pollMinutes: 10,
      remindCommand: 'mail.sh',
    };
    const back = await readPlanWorkbook(
      await (async () => {
        const file = nextFile();
        await writePlanWorkbook({ ...plan, schedule: custom }, file);
        return file;
      })(),
    );
    expect(back.findings).toEqual([]);
    expect(back.plan.schedule).toEqual(custom);
  });

  it('accepts what people type: 9:30 as text or as an Excel time, 上月, 否, a date', async () => {
    const { plan, findings } = await edited(builtInPlan(2024)!, {
      dailyTime: new Date(Date.UTC(1899, 11, 30, 9, 30)),
      issueMonth: '上月',
      enabled: '否',
      startDate: '2024年6月1日',
      remindWorkingDaysBefore: '３',
    });
    expect(findings).toEqual([]);
    expect(plan.schedule).toMatchObject({
      dailyTime: '09:30',
      issueMonth: 'previous',
      enabled: false,
      startDate: '2024-06-01',
      remindWorkingDaysBefore: 3,
    });
  });

  it('names the cell of a bad value and of a schedule out of order', async () => {
    const bad = await edited(builtInPlan(2024)!, { pollMinutes: 0, dailyTime: '25:00' });
    expect(bad.findings.map((f) => [f.sheet, f.cell, f.code])).toEqual([
      ['日程', bad.addresses.dailyTime, 'plan.bad-schedule'],
      ['日程', bad.addresses.pollMinutes, 'plan.bad-schedule'],
    ]);
    const order = await edited(builtInPlan(2024)!, { assessWorkingDayOfJanuary: 1 });
    expect(order.findings).toEqual([
      expect.objectContaining({
        sheet: '日程',
        cell: order.addresses.assessWorkingDayOfJanuary,
        level: 'error',
      }),
    ]);
    expect(order.findings[0].message).toContain('年终考核日');
  });
});

describe('creditwork schedule --plan', () => {
  async function capture(options: Record<string, unknown>): Promise<string[]> {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await scheduleCommand(options);
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
    return out.join('').split('\n').filter(Boolean);
  }

  it('prints one line per run: date, job, key, Chinese description — the same list the service runs', async () => {
    const lines = await capture({
      workspace: path.join(dir, 'none'),
      plan: true,
      from: '2024-01-01',
      to: '2024-12-31',
    });
    const plan = builtInPlan(2024)!;
    const expected = listing(
      {
        year: 2024,
        returnDeadlineWorkingDay: plan.settings.returnDeadlineWorkingDay,
        config: scheduleOf(plan),
        calendar: libraryCalendar(),
      },
      '2024-01-01',
      '2024-12-31',
    );
    expect(lines).toEqual(expected.map((l) => `${l.date}\t${l.job}\t${l.key}\t${l.description}`));
    expect(lines).toContain(
      '2024-10-08\tissue\tissue:2024-10\t下发2024年10月填报工作簿（报送截止 2024-11-07）',
    );
    expect(
      await capture({ workspace: path.join(dir, 'none'), plan: true, from: '2024-01-01', to: '2024-12-31' }),
    ).toEqual(lines);
  });

  it('reads the workspace plan.xlsx when there is one', async () => {
    const ws = path.join(dir, 'ws');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(ws);
    await writePlanWorkbook(
      { ...builtInPlan(2024)!, schedule: { ...DEFAULT_SCHEDULE, issueWorkingDay: 2 } },
      path.join(ws, 'plan.xlsx'),
    );
    const lines = await capture({
      workspace: ws,
      plan: true,
      from: '2024-10-01',
      to: '2024-10-31',
      json: true,
    });
    expect(lines.map((l) => JSON.parse(l)).find((l) => l.job === 'issue')).toMatchObject({
      date: '2024-10-09',
    });
  });

  it('refuses a malformed date and --from without --plan', async () => {
    await expect(scheduleCommand({ workspace: dir, plan: true, from: '2024-13-01' })).rejects.toThrow(
      /--from/,
    );
    await expect(scheduleCommand({ workspace: dir, from: '2024-01-01' })).rejects.toBeInstanceOf(UserError);
  });
});
