/**
 * One tick of the scheduler: read the plan, work out every run due by now, run those not yet settled
 * (oldest first, one at a time), then poll the inbox if a collection window is open. Time comes from
 * `now()`, so tests drive ticks with a fake clock; node-cron only decides when ticks happen.
 */
import type { Plan } from '../../core/plan/model.js';
import type { WorkdayCalendar } from '../../core/schedule/calendar-port.js';
import { checkSchedule } from '../../core/schedule/check.js';
import { localClock, type LocalClock } from '../../core/schedule/local-time.js';
import { JOB_LABELS, scheduleOf, type ScheduleConfig } from '../../core/schedule/model.js';
import {
  isDue,
  openWindow,
  plannedRuns,
  type CollectionWindow,
  type PlannedRun,
  type ScheduleInputs,
} from '../../core/schedule/runs.js';
import type { Workspace } from '../workspace.js';
import type { Logger } from './logger.js';
import { runMailHook, writeReminder } from './reminder.js';
import type { RunLog } from './run-log.js';
import type { JobContext, JobRunners } from './runners.js';

export interface SchedulerDeps {
  workspace: Workspace;
  loadPlan(): Promise<Plan>;
  calendar: WorkdayCalendar;
  runners: JobRunners;
  runLog: RunLog;
  logger: Logger;
  now(): Date;
}

export interface TickResult {
  ran: string[];
  failed: string[];
  caughtUp: string[];
  polled?: string;
}

/** A poll tick may come a little early (cron drift); treat anything within this as on time. */
const POLL_SLACK_MS = 60_000;

export class Scheduler {
  private busy: Promise<TickResult> | undefined;
  private stopping = false;
  /** Failed attempts per run key since this process started; the retry budget resets on restart. */
  private readonly attempts = new Map<string, number>();
  private readonly gaveUpLogged = new Set<string>();
  private lastPoll: { period: string; at: number } | undefined;
  private lastProblems = '';

  constructor(private readonly deps: SchedulerDeps) {}

  /** After this, a running tick finishes its current job and starts no other. */
  requestStop(): void {
    this.stopping = true;
  }

  /** Resolves when the current tick, if any, is over. */
  async idle(): Promise<void> {
    await this.busy?.catch(() => undefined);
  }

  /** Runs a tick unless one is already running (overlap is skipped, never queued). */
  async tick(trigger = 'cron'): Promise<TickResult | undefined> {
    if (this.stopping) return undefined;
    if (this.busy) {
      this.deps.logger.info('上一次触发仍在运行，本次跳过', { trigger });
      return undefined;
    }
    this.busy = this.runTick();
    try {
      return await this.busy;
    } finally {
      this.busy = undefined;
    }
  }

  private async runTick(): Promise<TickResult> {
    const { logger } = this.deps;
    const result: TickResult = { ran: [], failed: [], caughtUp: [] };
    let plan: Plan;
    try {
      plan = await this.deps.loadPlan();
    } catch (error) {
      logger.error(`无法读取工作要点，本次不运行任何任务：${(error as Error).message}`);
      return result;
    }
    const config = scheduleOf(plan);
    const inputs: ScheduleInputs = {
      year: plan.year,
      returnDeadlineWorkingDay: plan.settings.returnDeadlineWorkingDay,
      config,
      calendar: this.deps.calendar,
    };
    if (!this.scheduleUsable(inputs)) return result;
    if (!config.enabled) return result;

    const clock = localClock(this.deps.now(), config.timeZone);
    for (const run of plannedRuns(inputs)) {
      if (this.stopping) break;
      if (!isDue(run, clock, config) || this.deps.runLog.isSettled(run.key)) continue;
      await this.runPlanned(run, clock, config, result);
    }
    if (result.caughtUp.length > 0) {
      logger.info(
        `已补齐服务停机期间错过的 ${result.caughtUp.length} 次运行：${result.caughtUp.join('、')}`,
        {
          event: 'caught-up',
        },
      );
    }
    const window = openWindow(inputs, clock.date);
    if (window && !this.stopping) await this.poll(window, clock, config, plan.year, result);
    return result;
  }

  private scheduleUsable(inputs: ScheduleInputs): boolean {
    let problems: string[];
    try {
      problems = checkSchedule(inputs).map((p) => `${p.field}: ${p.message}`);
    } catch (error) {
      problems = [(error as Error).message];
    }
    const text = problems.join('；');
    // Say it once per change, not on every poll tick.
    if (text && text !== this.lastProblems) {
      this.deps.logger.error(`日程设置有误，暂停运行，请修改 plan.xlsx 的"日程"工作表：${text}`);
    }
    this.lastProblems = text;
    return problems.length === 0;
  }

  private async runPlanned(run: PlannedRun, clock: LocalClock, config: ScheduleConfig, result: TickResult) {
    const { logger, runLog } = this.deps;
    const fields = { job: run.job, key: run.key, due: run.date };
    const tries = this.attempts.get(run.key) ?? 0;
    if (tries >= config.maxAttempts) {
      if (!this.gaveUpLogged.has(run.key)) {
        this.gaveUpLogged.add(run.key);
        logger.error(
          `${run.description} 已连续失败 ${tries} 次，不再自动重试；排除问题后重启日程服务即再试`,
          fields,
        );
      }
      return;
    }
    if (run.job === 'circular' && run.period && !runLog.isSettled(`collect:${run.period}`)) {
      logger.warn(`${run.description} 等待截止后的收取（collect:${run.period}）完成`, fields);
      return;
    }
    const caughtUp = run.date < clock.date;
    if (run.job === 'remind' && run.deadline && run.deadline < clock.date) {
      runLog.skip(
        { job: run.job, key: run.key, dueDate: run.date, caughtUp },
        this.deps.now(),
        '报送截止日已过，不再催报',
      );
      logger.warn(`跳过${run.description}：报送截止日 ${run.deadline} 已过（服务停机期间错过）`, fields);
      return;
    }
    if (caughtUp) logger.info(`补运行：${run.description}（原定 ${run.date}，服务停机期间错过）`, fields);
    else logger.info(`开始：${run.description}`, fields);

    const resume = runLog.wasInterrupted(run.key);
    const id = runLog.start({ job: run.job, key: run.key, dueDate: run.date, caughtUp }, this.deps.now());
    const ctx: JobContext = {
      resume,
      workspace: this.deps.workspace.root,
      period: run.period,
      year: run.year,
      date: clock.date,
    };
    try {
      await this.execute(run, ctx, clock, config);
      runLog.finish(id, 'done', this.deps.now());
      result.ran.push(run.key);
      if (caughtUp) result.caughtUp.push(run.key);
      logger.info(`完成：${run.description}`, fields);
    } catch (error) {
      const message = (error as Error).message || String(error);
      runLog.finish(id, 'failed', this.deps.now(), message);
      this.attempts.set(run.key, tries + 1);
      result.failed.push(run.key);
      const next =
        tries + 1 < config.maxAttempts
          ? `下次触发时重试（第 ${tries + 1}/${config.maxAttempts} 次）`
          : `已达 ${config.maxAttempts} 次，排除问题后重启日程服务即再试`;
      logger.error(`失败：${run.description}：${message}；${next}`, fields);
    }
  }

  private async execute(run: PlannedRun, ctx: JobContext, clock: LocalClock, config: ScheduleConfig) {
    const { runners } = this.deps;
    switch (run.job) {
      case 'issue':
        return runners.issue(ctx);
      case 'collect':
        return runners.collect(ctx);
      case 'circular':
        return runners.circular(ctx);
      case 'assess':
        return runners.assess(ctx);
      case 'remind':
        return this.remind(run, ctx, clock, config);
    }
  }

  private async remind(run: PlannedRun, ctx: JobContext, clock: LocalClock, config: ScheduleConfig) {
    const { logger, workspace } = this.deps;
    const units = await this.deps.runners.pendingUnits(ctx);
    const reminder = {
      period: run.period!,
      deadline: run.deadline!,
      asOf: `${clock.date} ${clock.time}`,
      units,
    };
    const file = await writeReminder(workspace.reports, reminder);
    logger.info(
      units.length === 0
        ? `${run.period} 全部单位均已报送`
        : `${run.period} 未报送单位 ${units.length} 个：${units.map((u) => u.name).join('、')}`,
      { key: run.key, report: file, pending: units.length },
    );
    if (config.remindCommand && units.length > 0) {
      const { output } = await runMailHook(config.remindCommand, reminder, {
        report: file,
        workspace: workspace.root,
      });
      logger.info(`催报邮件命令已运行${output ? `：${output.slice(0, 200)}` : ''}`, { key: run.key });
    }
  }

  private async poll(
    window: CollectionWindow,
    clock: LocalClock,
    config: ScheduleConfig,
    year: number,
    result: TickResult,
  ) {
    const { logger, runLog } = this.deps;
    // After the circular the period is closed; later returns wait for the office to collect by hand.
    if (runLog.isSettled(`circular:${window.period}`)) return;
    const at = this.deps.now().getTime();
    const last = this.lastPoll?.period === window.period ? this.lastPoll.at : undefined;
    if (last !== undefined && at - last < config.pollMinutes * 60_000 - POLL_SLACK_MS) return;
    this.lastPoll = { period: window.period, at };
    const key = `poll:${window.period}@${new Date(at).toISOString()}`;
    const id = runLog.start({ job: 'poll', key, dueDate: clock.date, caughtUp: false }, this.deps.now());
    try {
      await this.deps.runners.collect({
        workspace: this.deps.workspace.root,
        period: window.period,
        year,
        date: clock.date,
      });
      runLog.finish(id, 'done', this.deps.now());
      result.polled = key;
    } catch (error) {
      // A failed poll is not retried as such: the next poll (pollMinutes later) does the same work.
      const message = (error as Error).message || String(error);
      runLog.finish(id, 'failed', this.deps.now(), message);
      logger.error(`${JOB_LABELS.poll}失败：${window.period}：${message}；${config.pollMinutes} 分钟后再试`, {
        key,
      });
    }
  }
}
