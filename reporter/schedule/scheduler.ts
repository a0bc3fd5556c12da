/**
 * One tick of the scheduler: read the plans of this year and the last (December's returns, circular
 * and the assessment run in January while January is issued), work out every run due by now, run
 * those not yet settled (oldest first, one at a time), then poll the inbox if a collection window is
 * open. Time comes from `now()`, so tests drive ticks with a fake clock; node-cron only decides when
 * ticks happen.
 *
 * What is never run: periods before a plan's 启用期间 (they are not planned at all) and missed runs
 * older than the catch-up window (recorded as skipped, said once in the log), so a first start in
 * November does not issue, circulate or assess the months the office never ran.
 */
import { formatPeriod, periodLabel, previousPeriod } from '../../core/calendar/period.js';
import { planCalendar } from '../../core/plan/calendar.js';
import type { Plan } from '../../core/plan/model.js';
import { firstPeriodOf } from '../../core/plan/periods.js';
import { checkSchedule } from '../../core/schedule/check.js';
import { localClock, type LocalClock } from '../../core/schedule/local-time.js';
import { DEFAULT_SCHEDULE, JOB_LABELS, scheduleOf, type ScheduleConfig } from '../../core/schedule/model.js';
import {
  isDue,
  yearSchedule,
  type CollectionWindow,
  type PlannedRun,
  type ScheduleGap,
  type ScheduleInputs,
} from '../../core/schedule/runs.js';
import type { Workspace } from '../workspace.js';
import type { Logger } from './logger.js';
import { runMailHook, writeReminder } from './reminder.js';
import type { RunLog } from './run-log.js';
import type { JobContext, JobRunners } from './runners.js';

export interface SchedulerDeps {
  workspace: Workspace;
  /** The workspace's plan of a year; undefined when it has none. Throws when the plan is broken. */
  loadPlan(year: number): Promise<Plan | undefined>;
  runners: JobRunners;
  runLog: RunLog;
  logger: Logger;
  now(): Date;
}

export interface TickResult {
  ran: string[];
  failed: string[];
  caughtUp: string[];
  /** Missed runs older than the catch-up window, recorded as skipped by this tick. */
  skipped: string[];
  polled?: string;
}

/** A poll tick may come a little early (cron drift); treat anything within this as on time. */
const POLL_SLACK_MS = 60_000;

/** One plan year as a tick sees it. */
interface YearPlan {
  plan: Plan;
  config: ScheduleConfig;
  inputs: ScheduleInputs;
  runs: PlannedRun[];
  windows: CollectionWindow[];
  gaps: ScheduleGap[];
}

/** The period a run belongs to for the catch-up window: the assessment belongs to its December. */
const periodOfRun = (run: PlannedRun): string => run.period ?? formatPeriod(run.year, 12);

/** The oldest period whose missed runs are still caught up on `today`. */
export function catchUpFrom(today: string, periods: number): string {
  let period = today.slice(0, 7);
  for (let i = 1; i < periods; i++) period = previousPeriod(period);
  return period;
}

export class Scheduler {
  private busy: Promise<TickResult> | undefined;
  private stopping = false;
  /** Failed attempts per run key since this process started; the retry budget resets on restart. */
  private readonly attempts = new Map<string, number>();
  private readonly gaveUpLogged = new Set<string>();
  private lastPoll: { period: string; at: number } | undefined;
  /** What was last said about each recurring condition, so it is said once per change, not every poll. */
  private readonly said = new Map<string, string>();
  private config: ScheduleConfig = DEFAULT_SCHEDULE;

  constructor(private readonly deps: SchedulerDeps) {}

  /**
   * The schedule of the current year's plan (else the latest read) as of the last tick: its time
   * zone stamps the log lines and its daily time and poll interval arm the cron triggers.
   */
  currentConfig(): ScheduleConfig {
    return this.config;
  }

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

  /** Says `text` under `topic` unless it was the last thing said there; '' clears the topic. */
  private once(topic: string, text: string, say: (text: string) => void): void {
    if (text && this.said.get(topic) !== text) say(text);
    this.said.set(topic, text);
  }

  /** The plans of the office's current year and the year before, as far as the workspace has them. */
  private async yearPlans(): Promise<{ clock: LocalClock; years: YearPlan[] }> {
    const { logger } = this.deps;
    // The office's year decides which plans to read; a plan's own time zone then decides the day.
    let clock = localClock(this.deps.now(), this.config.timeZone);
    const year = Number(clock.date.slice(0, 4));
    const loaded: Plan[] = [];
    const problems: string[] = [];
    for (const y of [year - 1, year]) {
      try {
        const plan = await this.deps.loadPlan(y);
        if (plan) loaded.push(plan);
      } catch (error) {
        problems.push(`${y}年：${(error as Error).message}`);
      }
    }
    this.once('plans', problems.join('；'), (text) =>
      logger.error(`无法读取工作要点，该年度本次不运行任何任务：${text}`),
    );
    const current = loaded.find((p) => p.year === year);
    this.once(
      'no-current-plan',
      !current && !problems.some((p) => p.startsWith(`${year}年`))
        ? `工作区中没有 ${year} 年的工作要点（plans/${year}.xlsx），${year} 年的填报表不会下发：请运行 creditwork plan new --year ${year}，核对后日程服务即按新工作要点运行`
        : '',
      (text) => logger.warn(text),
    );
    const zoneOf = current ?? loaded[loaded.length - 1];
    if (zoneOf) {
      this.config = scheduleOf(zoneOf);
      clock = localClock(this.deps.now(), this.config.timeZone);
    }
    const years: YearPlan[] = [];
    for (const plan of loaded) {
      const config = scheduleOf(plan);
      const inputs: ScheduleInputs = {
        year: plan.year,
        returnDeadlineWorkingDay: plan.settings.returnDeadlineWorkingDay,
        config,
        calendar: planCalendar(plan),
        firstPeriod: firstPeriodOf(plan),
      };
      if (!this.scheduleUsable(inputs)) continue;
      if (!config.enabled) continue;
      years.push({ plan, config, inputs, ...yearSchedule(inputs) });
    }
    const scope = years
      .map(
        (y) =>
          `${y.plan.year}年自${periodLabel(y.inputs.firstPeriod!)}起${y.inputs.firstPeriod!.endsWith('-01') ? '' : '（启用期间，此前的月份不安排任务）'}`,
      )
      .join('；');
    this.once('scope', scope, (text) =>
      logger.info(
        `日程范围：${text}；错过的任务只补运行最近 ${this.config.catchUpPeriods} 个期间（${periodLabel(catchUpFrom(clock.date, this.config.catchUpPeriods))}起）`,
        { event: 'scope' },
      ),
    );
    return { clock, years };
  }

  private async runTick(): Promise<TickResult> {
    const result: TickResult = { ran: [], failed: [], caughtUp: [], skipped: [] };
    const { clock, years } = await this.yearPlans();
    this.sayGaps(years, clock);

    const due: { run: PlannedRun; year: YearPlan }[] = [];
    for (const year of years) {
      for (const run of year.runs) {
        if (isDue(run, clock, year.config) && !this.deps.runLog.isSettled(run.key)) due.push({ run, year });
      }
    }
    due.sort((a, b) => (a.run.date < b.run.date ? -1 : a.run.date > b.run.date ? 1 : 0));
    for (const { run, year } of due) {
      if (this.stopping) break;
      if (run.date < clock.date && periodOfRun(run) < catchUpFrom(clock.date, year.config.catchUpPeriods)) {
        this.skipOld(run, year, clock, result);
        continue;
      }
      await this.runPlanned(run, clock, year.config, result);
    }
    this.sayResult(result, years, clock);
    for (const year of years) {
      const window = year.windows.find((w) => w.from <= clock.date && clock.date <= w.to);
      if (window && !this.stopping) await this.poll(window, clock, year.config, year.plan.year, result);
    }
    return result;
  }

  /** A missed run older than the catch-up window: settled without running, so it is said once. */
  private skipOld(run: PlannedRun, year: YearPlan, clock: LocalClock, result: TickResult): void {
    const from = catchUpFrom(clock.date, year.config.catchUpPeriods);
    this.deps.runLog.skip(
      { job: run.job, key: run.key, dueDate: run.date, caughtUp: true },
      this.deps.now(),
      `超出补运行范围：只补运行 ${periodLabel(from)} 及以后期间错过的任务（日程表“补运行：最近N个期间”为 ${year.config.catchUpPeriods}）`,
    );
    result.skipped.push(run.key);
  }

  private sayResult(result: TickResult, years: YearPlan[], clock: LocalClock): void {
    const { logger } = this.deps;
    if (result.skipped.length > 0) {
      const from = catchUpFrom(clock.date, Math.max(...years.map((y) => y.config.catchUpPeriods)));
      const firsts = years
        .map((y) => y.inputs.firstPeriod)
        .filter((p): p is string => !!p && !p.endsWith('-01'))
        .map((p) => `${p.slice(0, 4)}年启用期间为${periodLabel(p)}，此前的月份不安排任务`);
      logger.warn(
        `未补运行 ${result.skipped.length} 次已错过的任务（早于补运行范围 ${periodLabel(from)} 起，不会再运行，已记为跳过）：${result.skipped.join('、')}` +
          (firsts.length ? `。${firsts.join('；')}` : ''),
        { event: 'skipped-old', from },
      );
    }
    if (result.caughtUp.length > 0) {
      logger.info(
        `已补齐服务停机期间错过的 ${result.caughtUp.length} 次运行：${result.caughtUp.join('、')}`,
        { event: 'caught-up' },
      );
    }
  }

  /** Periods that cannot be dated for want of holidays, said once per change. */
  private sayGaps(years: YearPlan[], clock: LocalClock): void {
    // Only what is near: a gap of next December matters once that month is close.
    const soon = formatPeriod(Number(clock.date.slice(0, 4)) + 1, 1);
    const gaps = years.flatMap((y) => y.gaps).filter((g) => !g.period.includes('-') || g.period <= soon);
    const text = gaps.length
      ? `以下任务缺少节假日数据，暂不运行：${gaps.flatMap((g) => g.keys).join('、')}。${gaps[0].message}`
      : '';
    this.once('gaps', text, (t) => this.deps.logger.warn(t, { event: 'missing-holidays' }));
  }

  private scheduleUsable(inputs: ScheduleInputs): boolean {
    let problems: string[];
    try {
      problems = checkSchedule(inputs).map((p) => `${p.field}: ${p.message}`);
    } catch (error) {
      problems = [(error as Error).message];
    }
    this.once(`problems:${inputs.year}`, problems.join('；'), (text) =>
      this.deps.logger.error(
        `${inputs.year}年的日程设置有误，暂停运行该年度的任务，请修改 plans/${inputs.year}.xlsx 的"日程"工作表：${text}`,
      ),
    );
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
