import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInPlan } from '../core/plan/built-in.js';
import type { Plan } from '../core/plan/model.js';
import { libraryCalendar } from '../core/calendar/index.js';
import { DEFAULT_SCHEDULE, type ScheduleConfig } from '../core/schedule/model.js';
import { plannedRuns } from '../core/schedule/runs.js';
import { LOCK_FILE } from '../reporter/schedule/service.js';
import { createLogger } from '../reporter/schedule/logger.js';
import { reminderFileName } from '../reporter/schedule/reminder.js';
import type { JobContext, JobRunners } from '../reporter/schedule/runners.js';
import { ScheduleService, type CronFactory } from '../reporter/schedule/service.js';
import { openStore, type Store } from '../reporter/store/index.js';
import { UserError } from '../reporter/user-error.js';
import { workspaceAt, type Workspace } from '../reporter/workspace.js';

/** Office wall-clock time in Shanghai as an instant. */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

interface Call {
  job: string;
  period?: string;
  year: number;
  date: string;
  resume?: boolean;
}

/** Runners that record each call; `fail` makes a job throw for as long as it returns true. */
function fakeRunners(fail: (job: string, ctx: JobContext) => boolean = () => false) {
  const calls: Call[] = [];
  const gates = new Map<string, Promise<void>>();
  const make = (job: string) => async (ctx: JobContext) => {
    calls.push({
      job,
      period: ctx.period,
      year: ctx.year,
      date: ctx.date,
      ...(ctx.resume ? { resume: true } : {}),
    });
    await gates.get(job);
    if (fail(job, ctx)) throw new Error(`${job} 模拟失败`);
  };
  const runners: JobRunners = {
    issue: make('issue'),
    collect: make('collect'),
    circular: make('circular'),
    assess: make('assess'),
    pendingUnits: async (ctx) => {
      calls.push({ job: 'pending', period: ctx.period, year: ctx.year, date: ctx.date });
      return [
        { code: 'S01', name: '市发展改革委' },
        { code: 'X03', name: '丙县' },
      ];
    },
  };
  return { runners, calls, gates };
}

const fakeCron: CronFactory = () => ({ stop() {}, destroy() {} });

let dir: string;
let ws: Workspace;
let stores: Store[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'creditwork-schedule-'));
  ws = workspaceAt(dir);
  stores = [];
});

afterEach(async () => {
  for (const s of stores) s.close();
  await rm(dir, { recursive: true, force: true });
});

function planWith(config: Partial<ScheduleConfig>): Plan {
  const plan = builtInPlan(2024)!;
  plan.schedule = { ...DEFAULT_SCHEDULE, ...config };
  return plan;
}

/** One service instance on the shared workspace, with its own clock, log and database connection. */
async function startService(opts: { plan: Plan; runners: JobRunners; now: { value: Date } }) {
  const log: string[] = [];
  const store = openStore(ws);
  stores.push(store);
  const service = await ScheduleService.start({
    workspace: ws,
    db: store.db,
    loadPlan: async (year) => (year === opts.plan.year ? opts.plan : undefined),
    runners: opts.runners,
    logger: createLogger({ json: true, now: () => opts.now.value, write: (l) => log.push(l) }),
    now: () => opts.now.value,
    cron: fakeCron,
  });
  const messages = () => log.map((l) => (JSON.parse(l) as { message: string }).message);
  return { service, log, messages, store };
}

const jobsOf = (calls: Call[]) => calls.map((c) => `${c.job}:${c.period ?? c.year}@${c.date}`);

describe('a holiday month (National Day 2024)', () => {
  it('issues October on 10-08, not during the 10-01…10-07 break, then polls September returns', async () => {
    const plan = planWith({ startDate: '2024-10-01' });
    const { runners, calls } = fakeRunners();
    const now = { value: at('2024-10-01 09:00') };
    const { service } = await startService({ plan, runners, now });
    for (let day = 2; day <= 7; day++) {
      now.value = at(`2024-10-0${day} 09:00`);
      await service.scheduler.tick();
    }
    expect(calls).toEqual([]);
    // Before the daily time only the poll runs: the September window opens on the first working day.
    now.value = at('2024-10-08 08:30');
    await service.scheduler.tick();
    expect(jobsOf(calls)).toEqual(['collect:2024-09@2024-10-08']);
    now.value = at('2024-10-08 09:00');
    await service.scheduler.tick();
    expect(jobsOf(calls)).toEqual([
      'collect:2024-09@2024-10-08',
      'issue:2024-10@2024-10-08',
      'collect:2024-09@2024-10-08',
    ]);
    await service.stop();
  });
});

describe('never twice, never skipped', () => {
  it('a restart mid-month repeats nothing that is recorded as done', async () => {
    const plan = planWith({ startDate: '2024-10-01' });
    const now = { value: at('2024-10-08 09:00') };
    const first = fakeRunners();
    const a = await startService({ plan, runners: first.runners, now });
    now.value = at('2024-10-10 09:00');
    await a.service.scheduler.tick();
    expect(jobsOf(first.calls).filter((j) => !j.startsWith('collect'))).toEqual([
      'issue:2024-10@2024-10-08',
      'pending:2024-09@2024-10-10',
    ]);
    await a.service.stop();

    now.value = at('2024-10-11 09:00');
    const second = fakeRunners();
    const b = await startService({ plan, runners: second.runners, now });
    // Only the poll runs: issue and remind are recorded as done.
    expect(jobsOf(second.calls)).toEqual(['collect:2024-09@2024-10-11']);
    const settled = b.service.runLog.history().filter((r) => r.status === 'done' && r.job !== 'poll');
    expect(settled.map((r) => r.key)).toEqual(['issue:2024-10', 'remind:2024-09']);
    await b.service.stop();
  });

  it('runs missed while the service was down are caught up on start, in order, with a log line', async () => {
    const plan = planWith({ startDate: '2024-10-01' });
    const now = { value: at('2024-10-08 09:00') };
    const first = fakeRunners();
    const a = await startService({ plan, runners: first.runners, now });
    await a.service.stop();

    // Down from 10-08 until 10-17: the September reminder (deadline 10-12) is stale, the closing
    // collect and circular of 10-16 are caught up.
    now.value = at('2024-10-17 08:00');
    const second = fakeRunners();
    const b = await startService({ plan, runners: second.runners, now });
    expect(jobsOf(second.calls)).toEqual(['collect:2024-09@2024-10-17', 'circular:2024-09@2024-10-17']);
    const history = b.service.runLog.history();
    expect(history.find((r) => r.key === 'remind:2024-09')).toMatchObject({
      status: 'skipped',
      caughtUp: true,
    });
    expect(history.find((r) => r.key === 'circular:2024-09')).toMatchObject({
      status: 'done',
      caughtUp: true,
      dueDate: '2024-10-16',
    });
    expect(b.messages().some((m) => m.startsWith('已补齐服务停机期间错过的 2 次运行'))).toBe(true);
    await b.service.stop();
  });

  it('a reminder missed but still before the deadline is caught up and written', async () => {
    const plan = planWith({ startDate: '2024-10-01' });
    const now = { value: at('2024-10-11 10:00') };
    const { runners, calls } = fakeRunners();
    const { service, messages } = await startService({ plan, runners, now });
    expect(jobsOf(calls).slice(0, 2)).toEqual(['issue:2024-10@2024-10-11', 'pending:2024-09@2024-10-11']);
    const report = await readFile(path.join(ws.reports, reminderFileName('2024-09')), 'utf8');
    expect(report).toContain('报送截止 2024-10-12');
    expect(report).toContain('S01\t市发展改革委');
    expect(messages().some((m) => m.includes('补运行') && m.includes('催报2024年9月'))).toBe(true);
    await service.stop();
  });

  it('a first start in March catches up only the catch-up window (February and March), and skips January once', async () => {
    const plan = planWith({});
    const now = { value: at('2024-03-15 09:00') };
    const { runners, calls } = fakeRunners();
    const { service, messages } = await startService({ plan, runners, now });
    const expected = plannedRuns({
      year: 2024,
      returnDeadlineWorkingDay: plan.settings.returnDeadlineWorkingDay,
      config: plan.schedule!,
      calendar: libraryCalendar(),
    }).filter((r) => r.date <= '2024-03-15');
    const history = service.runLog.history().filter((r) => r.job !== 'poll');
    expect(history.map((r) => r.key).sort()).toEqual(expected.map((r) => r.key).sort());
    // January is older than the window: settled as skipped with the reason, never run.
    const january = history.filter((r) => r.key.endsWith(':2024-01'));
    expect(january.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(january[0].error).toContain('超出补运行范围');
    // February's reminder is stale (its deadline passed), the rest of February is caught up.
    expect(history.find((r) => r.key === 'remind:2024-02')?.status).toBe('skipped');
    expect(jobsOf(calls).filter((j) => !j.startsWith('collect'))).toEqual([
      'issue:2024-02@2024-03-15',
      'issue:2024-03@2024-03-15',
      'circular:2024-02@2024-03-15',
    ]);
    const skippedLines = messages().filter((m) => m.startsWith('未补运行'));
    expect(skippedLines).toHaveLength(1);
    expect(skippedLines[0]).toContain('issue:2024-01');
    // A restart says nothing more about January: it is settled.
    await service.stop();
    const again = await startService({ plan, runners, now });
    expect(again.messages().some((m) => m.startsWith('未补运行'))).toBe(false);
    await again.service.stop();
  });

  it('a run left "running" by a killed process is recorded as failed and run again', async () => {
    const plan = planWith({ startDate: '2024-10-01' });
    const now = { value: at('2024-10-08 09:00') };
    const store = openStore(ws);
    stores.push(store);
    const { RunLog } = await import('../reporter/schedule/run-log.js');
    new RunLog(store.db).start(
      { job: 'issue', key: 'issue:2024-10', dueDate: '2024-10-08', caughtUp: false },
      now.value,
    );
    const { runners, calls } = fakeRunners();
    const { service } = await startService({ plan, runners, now });
    expect(jobsOf(calls)[0]).toBe('issue:2024-10@2024-10-08');
    // Its half-written output is the scheduler's own, so the rerun may replace it (issue --force).
    expect(calls[0].resume).toBe(true);
    expect(calls.slice(1).some((c) => c.resume)).toBe(false);
    expect(service.runLog.history('issue:2024-10').map((r) => r.status)).toEqual(['failed', 'done']);
    expect(service.runLog.history('issue:2024-10')[0].error).toContain('服务中断');
    await service.stop();
  });
});

describe('failures and retries', () => {
  it('a failed run is recorded with its error and retried on the next tick', async () => {
    const plan = planWith({ startDate: '2024-10-01' });
    let failing = true;
    const { runners, calls } = fakeRunners((job) => job === 'issue' && failing);
    const now = { value: at('2024-10-08 09:00') };
    const { service, messages } = await startService({ plan, runners, now });
    expect(service.runLog.history('issue:2024-10')).toEqual([
      expect.objectContaining({ status: 'failed', error: 'issue 模拟失败' }),
    ]);
    expect(messages().some((m) => m.includes('下次触发时重试（第 1/3 次）'))).toBe(true);
    failing = false;
    now.value = at('2024-10-08 09:30');
    await service.scheduler.tick();
    expect(service.runLog.history('issue:2024-10').map((r) => r.status)).toEqual(['failed', 'done']);
    now.value = at('2024-10-08 10:00');
    await service.scheduler.tick();
    expect(calls.filter((c) => c.job === 'issue')).toHaveLength(2);
    await service.stop();
  });

  it('after maxAttempts failures it stops retrying until the service restarts', async () => {
    const plan = planWith({ startDate: '2024-10-01', maxAttempts: 2 });
    const { runners, calls } = fakeRunners((job) => job === 'issue');
    const now = { value: at('2024-10-08 09:00') };
    const a = await startService({ plan, runners, now });
    for (const time of ['09:30', '10:00', '10:30']) {
      now.value = at(`2024-10-08 ${time}`);
      await a.service.scheduler.tick();
    }
    expect(calls.filter((c) => c.job === 'issue')).toHaveLength(2);
    expect(a.messages().filter((m) => m.includes('不再自动重试'))).toHaveLength(1);
    // The other jobs go on meanwhile: polls still run.
    expect(calls.filter((c) => c.job === 'collect').length).toBeGreaterThan(1);
    await a.service.stop();
    const b = await startService({ plan, runners, now });
    expect(calls.filter((c) => c.job === 'issue')).toHaveLength(3);
    await b.service.stop();
  });

  it('the circular waits for its closing collect to succeed', async () => {
    const plan = planWith({ startDate: '2024-10-01' });
    let collectFails = true;
    const { runners, calls } = fakeRunners((job) => job === 'collect' && collectFails);
    const now = { value: at('2024-10-16 09:00') };
    const { service } = await startService({ plan, runners, now });
    expect(calls.some((c) => c.job === 'circular')).toBe(false);
    collectFails = false;
    now.value = at('2024-10-16 09:30');
    await service.scheduler.tick();
    expect(jobsOf(calls).slice(-2)).toEqual(['collect:2024-09@2024-10-16', 'circular:2024-09@2024-10-16']);
    await service.stop();
  });
});

describe('polling the inbox', () => {
  it('polls every pollMinutes inside the window and stops once the circular is out', async () => {
    const plan = planWith({ startDate: '2024-10-01', pollMinutes: 30 });
    const { runners, calls } = fakeRunners();
    const now = { value: at('2024-10-14 09:00') };
    const { service } = await startService({ plan, runners, now });
    const polls = () => calls.filter((c) => c.job === 'collect').length;
    expect(polls()).toBe(1);
    now.value = at('2024-10-14 09:10');
    await service.scheduler.tick();
    expect(polls()).toBe(1);
    now.value = at('2024-10-14 09:30');
    await service.scheduler.tick();
    expect(polls()).toBe(2);
    now.value = at('2024-10-16 09:00'); // closing collect + circular
    await service.scheduler.tick();
    const after = calls.length;
    now.value = at('2024-10-16 10:00');
    await service.scheduler.tick();
    expect(calls.length).toBe(after);
    expect(calls.every((c) => c.job !== 'collect' || c.period === '2024-09')).toBe(true);
    await service.stop();
  });
});

describe('one service per workspace', () => {
  it('a second instance on the same workspace refuses while the first runs', async () => {
    const plan = planWith({ startDate: '2024-10-01' });
    const now = { value: at('2024-10-08 09:00') };
    const a = await startService({ plan, runners: fakeRunners().runners, now });
    const second = fakeRunners();
    const refused = startService({ plan, runners: second.runners, now });
    await expect(refused).rejects.toBeInstanceOf(UserError);
    await expect(refused).rejects.toThrow(/已有日程服务在运行/);
    expect(second.calls).toEqual([]);
    await a.service.stop();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const b = await startService({ plan, runners: second.runners, now });
    await b.service.stop();
  });

  it('a stale lock of a dead process is taken over, with a warning', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const pid = Number(dead.stdout);
    await writeFile(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid, host: os.hostname(), startedAt: '2024-10-01T00:00:00.000Z' }),
    );
    const plan = planWith({ startDate: '2024-10-01' });
    const { service, messages } = await startService({
      plan,
      runners: fakeRunners().runners,
      now: { value: at('2024-10-08 09:00') },
    });
    expect(messages().some((m) => m.includes(`进程 ${pid} 已不存在`))).toBe(true);
    await service.stop();
  });
});

describe('stopping (SIGTERM)', () => {
  it('finishes the running job, records it, and starts no other', async () => {
    const plan = planWith({ startDate: '2024-10-01' });
    const now = { value: at('2024-10-07 09:00') };
    const fake = fakeRunners();
    const { service } = await startService({ plan, runners: fake.runners, now });
    let release!: () => void;
    fake.gates.set('issue', new Promise<void>((r) => (release = r)));
    now.value = at('2024-10-10 09:00'); // issue and the reminder are both due
    const tick = service.scheduler.tick();
    await new Promise((r) => setImmediate(r));
    expect(jobsOf(fake.calls)).toEqual(['issue:2024-10@2024-10-10']);
    const stopped = service.stop('SIGTERM');
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    release();
    await Promise.all([tick, stopped]);
    expect(jobsOf(fake.calls)).toEqual(['issue:2024-10@2024-10-10']);
    expect(service.runLog.history('issue:2024-10').map((r) => r.status)).toEqual(['done']);
    expect(service.runLog.history('remind:2024-09')).toEqual([]);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    expect(await service.scheduler.tick()).toBeUndefined();
  });
});

describe('the reminder mail hook', () => {
  it('gets the pending units on stdin and the period in its environment', async () => {
    const out = path.join(dir, 'hook.txt');
    const command = `${JSON.stringify(process.execPath)} -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>require('fs').writeFileSync(process.argv[1],process.env.CREDITWORK_PERIOD+'|'+process.env.CREDITWORK_DEADLINE+'\\n'+s))" ${JSON.stringify(out)}`;
    const plan = planWith({ startDate: '2024-10-01', remindCommand: command });
    const { service } = await startService({
      plan,
      runners: fakeRunners().runners,
      now: { value: at('2024-10-10 09:00') },
    });
    expect(await readFile(out, 'utf8')).toBe('2024-09|2024-10-12\nS01\t市发展改革委\nX03\t丙县\n');
    expect(service.runLog.history('remind:2024-09').map((r) => r.status)).toEqual(['done']);
    await service.stop();
  });

  it('a failing hook fails the reminder, which is retried', async () => {
    const plan = planWith({ startDate: '2024-10-01', remindCommand: 'exit 3' });
    const { service } = await startService({
      plan,
      runners: fakeRunners().runners,
      now: { value: at('2024-10-10 09:00') },
    });
    const [row] = service.runLog.history('remind:2024-09');
    expect(row).toMatchObject({ status: 'failed' });
    expect(row.error).toContain('退出码 3');
    await service.stop();
  });
});

describe('the run record', () => {
  it('refuses a second successful row for the same key at the database level', async () => {
    const store = openStore(ws);
    stores.push(store);
    const { RunLog } = await import('../reporter/schedule/run-log.js');
    const log = new RunLog(store.db);
    const run = { job: 'issue', key: 'issue:2024-10', dueDate: '2024-10-08', caughtUp: false };
    log.finish(log.start(run, new Date()), 'done', new Date());
    const second = log.start(run, new Date());
    expect(() => log.finish(second, 'done', new Date())).toThrow(/UNIQUE/);
  });
});
