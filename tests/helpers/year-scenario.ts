/**
 * An office's real year boundary in one workspace, driven through the commands as the office runs
 * them: a 2026 plan that starts in 2026-09 (启用期间), months issued, returned by units on chosen
 * days and collected; a 2027 plan made by `plan new` in December; the 2027 holidays typed into its
 * 节假日 sheet (chinese-days does not have them); January and February 2027 issued while December
 * 2026 is collected, circulated and the 2026 assessment made.
 *
 * Steps are methods, so a suite puts its own between them (an extension and an exemption through
 * `exception add`, a target changed in November) and sets the office's clock for each (`at`).
 * tests/year-scenario.test.ts is the story; this is the stage.
 */
import { utimes } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { vi } from 'vitest';
import type { OfficeHoliday } from '../../core/calendar/working-days.js';
import { unitRows } from '../../core/contract/index.js';
import { builtInPlan } from '../../core/plan/built-in.js';
import type { Plan } from '../../core/plan/model.js';
import { carryOverPlan } from '../../core/plan/years.js';
import { loadPeriodPlan, writeYearPlan } from '../../reporter/plan/years.js';
import { unitFileName } from '../../reporter/issue/build-workbook.js';
import { createWorkspaceFolders, planFileOf, workspaceAt, type Workspace } from '../../reporter/workspace.js';
import { completeFill, fillWorkbook, type WorkbookFill } from './fill-workbook.js';

/** The units of the scenario: two city departments that publish 双公示, one more, a county, the zone. */
export const SCENARIO_UNITS = ['S01', 'S04', 'S14', 'X03', 'K01'];

export const FIRST_PERIOD = '2026-09';

/**
 * The State Council's 2027 notice as this office typed it (a test's invention: no library has the
 * real one). 元旦 on Friday 01-01 moves December 2026's deadline; the 春节 break moves January's
 * circular.
 */
export const OFFICE_2027_HOLIDAYS: OfficeHoliday[] = [
  ...days('2027-01-01', 3, '元旦'),
  { date: '2027-01-30', kind: 'work', name: '春节' },
  ...days('2027-02-06', 9, '春节'),
  { date: '2027-02-20', kind: 'work', name: '春节' },
  ...days('2027-04-03', 3, '清明节'),
  { date: '2027-04-25', kind: 'work', name: '劳动节' },
  ...days('2027-05-01', 5, '劳动节'),
  { date: '2027-05-08', kind: 'work', name: '劳动节' },
  ...days('2027-06-09', 1, '端午节'),
  ...days('2027-09-15', 1, '中秋节'),
  { date: '2027-09-26', kind: 'work', name: '国庆节' },
  ...days('2027-10-01', 7, '国庆节'),
  { date: '2027-10-09', kind: 'work', name: '国庆节' },
];

function days(first: string, count: number, name: string): OfficeHoliday[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => ({
    date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    kind: 'off' as const,
    name,
  }));
}

/**
 * The built-in plan cut down to some units: their responsibilities (a task left with partners only
 * gets its first partner as lead), the indicators they report, and nothing that names another unit.
 */
export function planForUnits(plan: Plan, keep: readonly string[]): Plan {
  const kept = new Set(keep);
  const tasks = plan.tasks
    .map((t) => ({ ...t, responsibilities: t.responsibilities.filter((r) => kept.has(r.unit)) }))
    .filter((t) => t.responsibilities.length > 0)
    .map((t) =>
      t.responsibilities.some((r) => r.role === 'lead')
        ? t
        : {
            ...t,
            responsibilities: t.responsibilities.map((r, i) =>
              i === 0 ? { ...r, role: 'lead' as const } : r,
            ),
          },
    );
  const numbers = new Set(tasks.map((t) => t.number));
  const indicators = plan.indicators
    .map((i) => ({ ...i, reporters: i.reporters.filter((u) => kept.has(u)) }))
    .filter((i) => i.reporters.length > 0 && numbers.has(i.task));
  return { ...plan, units: plan.units.filter((u) => kept.has(u.code)), tasks, indicators };
}

type Run = (options: Record<string, unknown>) => Promise<number | void>;

export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Changes an indicator's target in a year's plan as the office would in Excel: the 目标值 and
 * 目标原文 cells of its row on 指标, nothing else (the plan's 版本 stays).
 */
export async function changeTarget(file: string, code: string, target: number, text: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('指标')!;
  const header = sheet.getRow(1).values as unknown[];
  const column = (name: string) => header.findIndex((v) => v === name);
  let changed = 0;
  sheet.eachRow((row) => {
    if (row.getCell(column('指标编码')).value !== code) return;
    row.getCell(column('目标值')).value = target;
    row.getCell(column('目标原文')).value = text;
    changed++;
  });
  if (changed !== 1) throw new Error(`指标 ${code}: ${changed} rows`);
  await workbook.xlsx.writeFile(file);
}

/** Types rows into a plan's 节假日 sheet as a person would: a date cell, 放假/上班, the name. */
export async function typeHolidays(file: string, rows: readonly OfficeHoliday[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('节假日')!;
  for (const row of rows) {
    sheet.addRow([new Date(`${row.date}T00:00:00Z`), row.kind === 'off' ? '放假' : '上班', row.name]);
  }
  await workbook.xlsx.writeFile(file);
}

export class YearScenario {
  readonly ws: Workspace;

  constructor(root: string) {
    this.ws = workspaceAt(path.join(root, 'W'));
  }

  /**
   * Runs a command in this process as `creditwork <name>` would, on this workspace. A UserError is
   * the command's refusal: exit 1 with its message on stderr, as the CLI prints it.
   */
  async command(name: string, options: Record<string, unknown> = {}): Promise<CommandOutput> {
    const modules: Record<string, () => Promise<Run>> = {
      init: async () => (await import('../../reporter/commands/init.js')).run,
      'plan new': async () => (await import('../../reporter/commands/plan-new.js')).run,
      'plan check': async () => (await import('../../reporter/commands/plan-check.js')).run,
      'plan show': async () => (await import('../../reporter/commands/plan-show.js')).run,
      issue: async () => (await import('../../reporter/commands/issue.js')).run,
      collect: async () => (await import('../../reporter/commands/collect.js')).run,
      status: async () => (await import('../../reporter/commands/status.js')).run,
      circular: async () => (await import('../../reporter/commands/circular.js')).run,
      assess: async () => (await import('../../reporter/commands/assess.js')).run,
      'exception add': async () => (await import('../../reporter/commands/exception.js')).add,
      'exception list': async () => (await import('../../reporter/commands/exception.js')).list,
    };
    const load = modules[name];
    if (!load) throw new Error(`no command ${name} in the scenario`);
    const out: string[] = [];
    const err: string[] = [];
    const saved = { log: console.log, error: console.error, warn: console.warn };
    console.log = (...a: unknown[]) => void out.push(a.join(' '));
    console.error = console.warn = (...a: unknown[]) => void err.push(a.join(' '));
    try {
      const code = await (await load())({ workspace: this.ws.root, ...options });
      return { code: typeof code === 'number' ? code : 0, stdout: out.join('\n'), stderr: err.join('\n') };
    } catch (error) {
      if ((error as Error).name !== 'UserError' && (error as Error).name !== 'CalendarError') throw error;
      err.push(`错误：${(error as Error).message}`);
      return { code: 1, stdout: out.join('\n'), stderr: err.join('\n') };
    } finally {
      Object.assign(console, saved);
    }
  }

  /** Runs a command that must succeed; its output otherwise. */
  async must(name: string, options: Record<string, unknown> = {}): Promise<CommandOutput> {
    const result = await this.command(name, options);
    if (result.code !== 0 && !(name === 'collect' && result.code === 2)) {
      throw new Error(`creditwork ${name} ${JSON.stringify(options)} → ${result.code}\n${result.stderr}`);
    }
    return result;
  }

  /**
   * The workspace as the office set it up in 2026: `init --year 2026` (the built-in plan carried
   * over), then the plan edited down to the scenario's units, with 启用期间 2026-09.
   */
  async setUp(): Promise<void> {
    await createWorkspaceFolders(this.ws);
    await this.must('init', { year: '2026' });
    const plan = planForUnits(carryOverPlan(builtInPlan(2024)!, 2026), SCENARIO_UNITS);
    plan.tasks = plan.tasks.map(({ reviewNote: _reviewed, ...t }) => t);
    plan.settings = { ...plan.settings, firstPeriod: FIRST_PERIOD };
    await writeYearPlan(this.ws, plan, { force: true });
  }

  /**
   * The office's clock, China time (`2026-12-09 12:00`): commands run as on that day, so a unit is
   * missing only once its deadline has passed and a file time is never in the office's future.
   * Needs `vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })` in the suite.
   */
  at(when: string): void {
    vi.setSystemTime(new Date(`${when.replace(' ', 'T')}:00+08:00`));
  }

  planFile(year: number): string {
    return planFileOf(this.ws, year);
  }

  async plan(period: string): Promise<Plan> {
    return loadPeriodPlan(this.ws, period);
  }

  /**
   * A unit fills the workbook it was issued for a period and sends it: the file lands in the inbox
   * with the given arrival time (China time, e.g. `2026-10-12 10:00`) as its file time.
   */
  async returnFrom(
    unit: string,
    period: string,
    arrives: string,
    fill?: (rows: ReturnType<typeof unitRows>) => WorkbookFill,
  ): Promise<string> {
    const plan = await this.plan(period);
    const name = unitFileName(unit, plan.units.find((u) => u.code === unit)!.name);
    const rows = unitRows(plan, unit);
    const target = path.join(this.ws.inbox, `${period}-${name}`);
    await fillWorkbook(
      path.join(this.ws.outbox, period, name),
      fill
        ? fill(rows)
        : completeFill(rows, period, {
            seed: unit.charCodeAt(2) + Number(period.slice(5)),
            // completeFill plans the rest for 12-15 of the year, which is no longer ahead in December.
            ...(period.endsWith('-12') ? { status: 'in-progress' as const } : {}),
          }),
      target,
    );
    const when = new Date(`${arrives.replace(' ', 'T')}:00+08:00`);
    await utimes(target, when, when);
    return target;
  }

  /** Every scenario unit returns the period's workbook at `arrives`, except those in `skip`. */
  async allReturn(period: string, arrives: string, skip: readonly string[] = []): Promise<void> {
    for (const unit of SCENARIO_UNITS) if (!skip.includes(unit)) await this.returnFrom(unit, period, arrives);
  }
}
