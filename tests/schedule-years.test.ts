import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workingDayCalendar } from '../core/calendar/index.js';
import { builtInPlan } from '../core/plan/built-in.js';
import type { Plan } from '../core/plan/model.js';
import { carryOverPlan } from '../core/plan/years.js';
import { createLogger } from '../reporter/schedule/logger.js';
import type { JobContext, JobRunners } from '../reporter/schedule/runners.js';
import { ScheduleService, type CronFactory } from '../reporter/schedule/service.js';
import { openStore, type Store } from '../reporter/store/index.js';
import { workspaceAt, type Workspace } from '../reporter/workspace.js';
import { OFFICE_2027_HOLIDAYS } from './helpers/year-scenario.js';

/**
 * The scheduler over real years with an injected clock: a first start in late November that must
 * not replay the year, 启用期间, and the turn of the year with two plans in one workspace.
 */

/** Office wall-clock time in Shanghai as an instant. */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

function recordingRunners() {
  const calls: string[] = [];
  const make = (job: string) => async (ctx: JobContext) =>
    void calls.push(`${job}:${ctx.period ?? ctx.year}@${ctx.date}`);
  const runners: JobRunners = {
    issue: make('issue'),
    collect: make('collect'),
    circular: make('circular'),
    assess: make('assess'),
    pendingUnits: async () => [],
  };
  return { runners, calls };
}

const fakeCron: CronFactory = () => ({ stop() {}, destroy() {} });

let dir: string;
let ws: Workspace;
let stores: Store[];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'schedule-years-'));
  ws = workspaceAt(dir);
  stores = [];
});
afterEach(async () => {
  for (const s of stores) s.close();
  await rm(dir, { recursive: true, force: true });
});

const plan2026 = (firstPeriod?: string): Plan => {
  const plan = carryOverPlan(builtInPlan(2024)!, 2026);
  if (firstPeriod) plan.settings.firstPeriod = firstPeriod;
  return plan;
};
const plan2027 = (): Plan => ({ ...carryOverPlan(plan2026(), 2027), holidays: OFFICE_2027_HOLIDAYS });

/** What the workspace loader does: each year's plan, with the neighbours' 节假日 rows. */
function workspacePlans(plans: Plan[]) {
  return async (year: number) => {
    const plan = plans.find((p) => p.year === year);
    if (!plan) return undefined;
    const adjacent = plans.filter((p) => Math.abs(p.year - year) === 1).flatMap((p) => p.holidays ?? []);
    return adjacent.length ? { ...plan, adjacentHolidays: adjacent } : plan;
  };
}

async function start(plans: Plan[], now: { value: Date }) {
  const { runners, calls } = recordingRunners();
  const log: { time: string; level: string; message: string }[] = [];
  const store = openStore(ws);
  stores.push(store);
  const service = await ScheduleService.start({
    workspace: ws,
    db: store.db,
    loadPlan: workspacePlans(plans),
    runners,
    logger: createLogger({
      json: true,
      now: () => now.value,
      write: (l) => log.push(JSON.parse(l)),
      timeZone: () => 'Asia/Shanghai',
    }),
    now: () => now.value,
    cron: fakeCron,
  });
  const messages = () => log.map((l) => l.message);
  return { service, calls, log, messages };
}

describe('first start mid-year', () => {
  it('on 2026-11-30 runs only the catch-up window (October and November) and skips the rest once', async () => {
    const now = { value: at('2026-11-30 09:00') };
    const { service, calls, messages, log } = await start([plan2026()], now);
    // Nothing of January–September ran: no issue, collect, circular or assessment.
    for (let m = 1; m <= 9; m++) {
      expect(calls.some((c) => c.includes(`:2026-0${m}@`))).toBe(false);
    }
    expect(calls.filter((c) => !c.startsWith('collect'))).toEqual([
      'issue:2026-10@2026-11-30',
      'issue:2026-11@2026-11-30',
      'circular:2026-10@2026-11-30',
    ]);
    const skipped = service.runLog.history().filter((r) => r.status === 'skipped');
    expect(skipped.filter((r) => r.error?.includes('超出补运行范围')).map((r) => r.key)).toContain(
      'issue:2026-01',
    );
    expect(skipped.some((r) => r.key === 'issue:2026-10')).toBe(false);
    const lines = messages().filter((m) => m.startsWith('未补运行'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('2026年10月');
    // December's deadline needs 2027's holidays, which nobody has: said once, nothing run.
    expect(messages().filter((m) => m.includes('缺少节假日数据'))).toHaveLength(1);
    expect(messages().find((m) => m.includes('缺少节假日数据'))).toContain('issue:2026-12');
    // Log lines carry the office's time.
    expect(log[0].time).toBe('2026-11-30T09:00:00+08:00');

    // Later ticks say none of it again.
    now.value = at('2026-11-30 15:00');
    await service.scheduler.tick();
    expect(messages().filter((m) => m.startsWith('未补运行'))).toHaveLength(1);
    expect(messages().filter((m) => m.includes('缺少节假日数据'))).toHaveLength(1);
    await service.stop();
  });

  it('with 启用期间 2026-09, nothing before September is even planned, and September is past the window', async () => {
    const now = { value: at('2026-11-30 09:00') };
    const { service, calls, messages } = await start([plan2026('2026-09')], now);
    const keys = service.runLog.history().map((r) => r.key);
    expect(keys.some((k) => /2026-0[1-8]$/.test(k))).toBe(false);
    expect(keys.filter((k) => k.endsWith(':2026-09'))).toEqual([
      'issue:2026-09',
      'remind:2026-09',
      'collect:2026-09',
      'circular:2026-09',
    ]);
    expect(calls.some((c) => c.includes('2026-09@'))).toBe(false);
    expect(messages().some((m) => m.includes('2026年自2026年9月起（启用期间'))).toBe(true);
    await service.stop();
  });
});

describe('the turn of the year in one workspace', () => {
  it('in January runs December’s collect and circular, the 2026 assessment and January’s issue', async () => {
    const now = { value: at('2026-12-20 09:00') };
    const plans = [plan2026('2026-09'), plan2027()];
    const { service, calls } = await start(plans, now);
    calls.length = 0;
    for (
      let day = Date.parse('2026-12-21T01:00:00Z');
      day <= Date.parse('2027-01-31T01:00:00Z');
      day += 86_400_000
    ) {
      now.value = new Date(day);
      await service.scheduler.tick();
    }
    const office = workingDayCalendar(OFFICE_2027_HOLIDAYS);
    const decemberDeadline = office.nthWorkingDayOfMonth(2027, 1, 5);
    const circularDay = office.addWorkingDays(decemberDeadline, 3);
    const ran = calls.filter((c) => !c.startsWith('collect:2026-12') || c.endsWith(`@${circularDay}`));
    expect(ran).toContain(`issue:2027-01@${office.nthWorkingDayOfMonth(2027, 1, 1)}`);
    expect(office.nthWorkingDayOfMonth(2027, 1, 1)).toBe('2027-01-04'); // 元旦 break typed by the office
    expect(ran).toContain(`collect:2026-12@${circularDay}`);
    expect(ran).toContain(`circular:2026-12@${circularDay}`);
    expect(ran).toContain(`assess:2026@${office.nthWorkingDayOfMonth(2027, 1, 15)}`);
    // December's returns are polled in January, with 2026's plan.
    expect(calls.filter((c) => c.startsWith('collect:2026-12@2027-01')).length).toBeGreaterThan(1);
    await service.stop();
  });

  it('without a 2027 plan, January still closes 2026 and says once that 2027 is missing', async () => {
    const now = { value: at('2027-01-04 09:00') };
    const withRows = { ...plan2026('2026-09'), holidays: OFFICE_2027_HOLIDAYS };
    const { service, calls, messages } = await start([withRows], now);
    expect(calls.some((c) => c.startsWith('issue:2027-01'))).toBe(false);
    expect(calls.some((c) => c.startsWith('issue:2026-12'))).toBe(true);
    now.value = at('2027-01-05 09:00');
    await service.scheduler.tick();
    const missing = messages().filter((m) => m.includes('没有 2027 年的工作要点'));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toContain('plan new --year 2027');
    await service.stop();
  });
});
