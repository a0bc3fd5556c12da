import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chineseDate,
  libraryCalendar,
  workingDayCalendar,
  type OfficeHoliday,
} from '../core/calendar/index.js';
import { typeHolidays } from './helpers/year-scenario.js';

// The acceptance of a real office's next year, through the built CLI: init, plan new for the first
// year chinese-days does not know, plan show, issue refused until the office types that year's
// holidays into 节假日, then issued on them.
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'creditwork.js');

function creditwork(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CREDITWORK_WORKSPACE: '' },
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: result.stdout + result.stderr,
  };
}

/** The first year the library has no holidays for (2027 as this is written). */
const next = libraryCalendar().coverage().last + 1;
const y = String(next);

/** The office's 春节 as it might type it: off 02-03…02-11, the Sunday 02-14 worked instead. */
const typed: OfficeHoliday[] = [
  { date: `${y}-01-01`, kind: 'off', name: '元旦' },
  ...Array.from({ length: 9 }, (_, i): OfficeHoliday => ({
    date: `${y}-02-${String(3 + i).padStart(2, '0')}`,
    kind: 'off',
    name: '春节',
  })),
  { date: `${y}-02-14`, kind: 'work', name: '春节' },
];

let dir: string;
let ws: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cli-years-'));
  ws = path.join(dir, 'W');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe(`the office's next year (${y}) in one workspace`, () => {
  it('init, then plan new carries the plan over with every year-bound word moved', () => {
    // Without --year, init writes the built-in plan as it is, and says how to start the office's year.
    const init = creditwork('init', '--workspace', ws);
    expect(init.code, init.output).toBe(0);
    expect(init.stdout).toContain('plans/2024.xlsx');
    expect(init.stdout).toContain('plan new --year');
    // The office's own year before the next one, as an office in its second year has it.
    const current = creditwork('plan', 'new', '--year', String(next - 1), '--workspace', ws);
    expect(current.code, current.output).toBe(0);
    const made = creditwork('plan', 'new', '--year', y, '--workspace', ws);
    expect(made.code, made.output).toBe(0);
    expect(made.stdout).toContain(`plans/${y}.xlsx`);
    expect(made.stdout).toContain(`${y}年的放假安排尚未填入`);
    expect(existsSync(path.join(ws, 'plans', `${y}.xlsx`))).toBe(true);
    // init on a workspace in use points to plan new instead of starting over from the built-in plan.
    const again = creditwork('init', '--workspace', ws, '--year', String(next + 1));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`plan new --year ${next + 1}`);
    expect(existsSync(path.join(ws, 'plans', `${next + 1}.xlsx`))).toBe(false);

    const show = creditwork('plan', 'show', '--json', '--year', y, '--workspace', ws);
    expect(show.code, show.output).toBe(0);
    const plan = JSON.parse(show.stdout);
    expect(plan.year).toBe(next);
    expect(plan.id).toBe(`work-points-${y}`);
    expect(plan.title).toBe(`市社会信用体系建设${y}年工作要点`);
    expect(plan.tasks).toHaveLength(23);
    expect(plan.indicators.length).toBeGreaterThan(10);
    expect(plan.tasks.find((t: { number: number }) => t.number === 15).deadline).toBe(`${y}-10-31`);
    expect(plan.tasks.every((t: { reviewNote?: string }) => t.reviewNote?.includes('结转'))).toBe(true);
    // No date and no year of the old plan remains (citations in 〔〕 name their own year and stay).
    const text = show.stdout.replace(/〔\d{4}〕/g, '');
    for (const old of [2023, 2024, 2025].filter((n) => n < next - 1)) {
      expect(text, String(old)).not.toMatch(new RegExp(`${old}(-\\d\\d|年)`));
    }
  });

  it(`plan check --year ${y} passes with warnings: tasks to review, holidays still missing`, () => {
    const check = creditwork('plan', 'check', '--year', y, '--json', '--workspace', ws);
    expect(check.code, check.output).toBe(0);
    const report = JSON.parse(check.stdout);
    const codes = report.findings.map((f: { code: string }) => f.code);
    expect(codes).toContain('plan.task-review');
    const review = report.findings.find((f: { code: string }) => f.code === 'plan.task-review');
    expect(review.message).toContain('全部 23 项任务标有“待核对”');
    expect(codes).toContain('plan.missing-holidays');
    expect(codes).not.toContain('plan.other-year');
  });

  it(`issue --period ${y}-01 names the missing holidays, then issues on the typed ones`, async () => {
    const refused = creditwork('issue', '--period', `${y}-01`, '--workspace', ws);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`无法确定${y}-02-01是否为工作日`);
    expect(refused.stderr).toContain(`plans/${y}.xlsx`);
    expect(refused.stderr).toContain('“节假日”工作表');
    expect(existsSync(path.join(ws, 'outbox', `${y}-01`))).toBe(false);

    await typeHolidays(path.join(ws, 'plans', `${y}.xlsx`), typed);
    const deadline = workingDayCalendar(typed).nthWorkingDayOfMonth(next, 2, 5);
    // The typed break moves the 5th working day of February past it.
    expect(deadline > `${y}-02-11`).toBe(true);
    const issued = creditwork('issue', '--period', `${y}-01`, '--workspace', ws);
    expect(issued.code, issued.output).toBe(0);
    expect(issued.stdout).toContain(`报送截止：${chineseDate(deadline)}`);

    // What still waits is the year after: December's deadline and the assessment in its January.
    const check = creditwork('plan', 'check', '--year', y, '--json', '--workspace', ws);
    const missing = JSON.parse(check.stdout).findings.filter(
      (f: { code: string }) => f.code === 'plan.missing-holidays',
    ) as { message: string }[];
    expect(missing).toHaveLength(1);
    expect(missing[0].message).toContain(`缺少${next + 1}年的节假日数据`);
    expect(missing[0].message).toContain(`${y}年12月`);
    expect(missing[0].message).toContain(`${y}年度的年终考核日`);
  });

  it(`the year before uses the rows typed into plans/${y}.xlsx for December's January deadline`, () => {
    const before = String(next - 1);
    const status = creditwork('status', '--period', `${before}-12`, '--json', '--workspace', ws);
    expect(status.code, status.output).toBe(0);
    const deadline = workingDayCalendar(typed).nthWorkingDayOfMonth(next, 1, 5);
    expect(JSON.parse(status.stdout).deadline).toBe(deadline);
  });
});

describe('schedule --plan across the turn of the year', () => {
  it(`lists December ${next - 1}'s closing runs, the assessment and January ${y}'s issue from both plans`, () => {
    const before = String(next - 1);
    const listed = creditwork(
      'schedule',
      '--plan',
      '--from',
      `${before}-12-01`,
      '--to',
      `${y}-01-31`,
      '--workspace',
      ws,
    );
    expect(listed.code, listed.output).toBe(0);
    const keys = listed.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t')[2]);
    expect(keys).toEqual(
      expect.arrayContaining([
        `issue:${before}-12`,
        `circular:${before}-12`,
        `assess:${before}`,
        `issue:${y}-01`,
      ]),
    );
    // Dated on the office's rows: the first working day of January follows the typed 元旦.
    const issue = listed.stdout.split('\n').find((line) => line.includes(`\tissue:${y}-01\t`))!;
    expect(issue.split('\t')[0]).toBe(workingDayCalendar(typed).nthWorkingDayOfMonth(next, 1, 1));
  });
});
