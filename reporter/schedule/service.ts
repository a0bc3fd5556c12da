/**
 * The long-running service around the Scheduler: the workspace lock, the run record, node-cron
 * triggers, and an orderly stop (finish the current job, start no other, release the lock).
 */
import type Database from 'better-sqlite3';
import type { Plan } from '../../core/plan/model.js';
import type { Workspace } from '../workspace.js';
import { acquireLock, type HeldLock } from '../lock.js';

export const LOCK_FILE = 'schedule.lock';
import type { Logger } from './logger.js';
import { RunLog } from './run-log.js';
import type { JobRunners } from './runners.js';
import { Scheduler } from './scheduler.js';

export interface CronTask {
  stop(): void | Promise<void>;
  destroy(): void | Promise<void>;
}

/** node-cron's `schedule`, or a fake in tests. */
export type CronFactory = (
  expression: string,
  fire: () => Promise<void>,
  options: { timezone: string; name: string },
) => CronTask;

export interface ServiceOptions {
  workspace: Workspace;
  /** The workspace database (the store's connection); the service never closes it. */
  db: Database.Database;
  /** The workspace's plan of a year; undefined when it has none. Throws when the plan is broken. */
  loadPlan(year: number): Promise<Plan | undefined>;
  runners: JobRunners;
  logger: Logger;
  now(): Date;
  cron: CronFactory;
}

export function cronExpressions(config: { dailyTime: string; pollMinutes: number }): {
  daily: string;
  poll: string;
} {
  const [hour, minute] = config.dailyTime.split(':').map(Number);
  return { daily: `${minute} ${hour} * * *`, poll: `*/${config.pollMinutes} * * * *` };
}

export class ScheduleService {
  private tasks: CronTask[] = [];
  private stopped: Promise<void> | undefined;

  private constructor(
    readonly scheduler: Scheduler,
    readonly runLog: RunLog,
    private readonly lock: HeldLock,
    private readonly options: ServiceOptions,
  ) {}

  /**
   * Takes the workspace lock (a UserError if another instance holds it) and settles runs a killed
   * process left behind. Nothing runs yet, so the caller can install signal handlers before begin().
   */
  static open(options: ServiceOptions): ScheduleService {
    const { logger, workspace } = options;
    const lock = acquireLock({
      root: workspace.root,
      fileName: LOCK_FILE,
      command: 'schedule',
      now: options.now(),
      busy: (owner, file) =>
        `工作区 ${workspace.root} 已有日程服务在运行（进程 ${owner.pid}，主机 ${owner.host}，启动于 ${owner.startedAt}）。` +
        `同一工作区只能运行一个 creditwork schedule；如确认该进程已不存在，请删除 ${file} 后重试。`,
    });
    try {
      if (lock.replaced) {
        logger.warn(`发现残留的锁文件（进程 ${lock.replaced.pid} 已不存在），已接管`, { lock: lock.file });
      }
      const runLog = new RunLog(options.db);
      for (const row of runLog.failInterrupted(options.now())) {
        logger.warn(`上次服务中断时 ${row.key} 正在运行，已记为失败，将重新运行`, { key: row.key });
      }
      return new ScheduleService(new Scheduler({ ...options, runLog }), runLog, lock, options);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** Catches up every run due by now, then arms the cron triggers (unless stopped meanwhile). */
  async begin(): Promise<void> {
    this.options.logger.info('日程服务已启动，检查应运行而未运行的任务', {
      workspace: this.options.workspace.root,
      pid: process.pid,
    });
    await this.scheduler.tick('start');
    if (!this.stopped) await this.arm();
  }

  static async start(options: ServiceOptions): Promise<ScheduleService> {
    const service = ScheduleService.open(options);
    try {
      await service.begin();
    } catch (error) {
      await service.stop('error');
      throw error;
    }
    return service;
  }

  private async arm(): Promise<void> {
    const { logger, cron } = this.options;
    // The start tick read the plans; a broken or missing plan leaves the defaults, which keep the
    // service ticking until it is fixed.
    const config = this.scheduler.currentConfig();
    const { daily, poll } = cronExpressions(config);
    const fire = (trigger: string) => async () => {
      await this.scheduler.tick(trigger);
    };
    // stop() may have come while the plan was being read; it must not leave timers behind.
    if (this.stopped) return;
    this.tasks = [
      cron(daily, fire('daily'), { timezone: config.timeZone, name: 'creditwork-daily' }),
      cron(poll, fire('poll'), { timezone: config.timeZone, name: 'creditwork-poll' }),
    ];
    logger.info(`定时触发：每日 ${config.dailyTime}（${daily}），每 ${config.pollMinutes} 分钟（${poll}）`, {
      timeZone: config.timeZone,
    });
  }

  /** Finishes the running job, then stops; safe to call more than once. */
  stop(reason = 'stop'): Promise<void> {
    this.stopped ??= (async () => {
      this.options.logger.info(`收到 ${reason}，完成当前任务后停止`);
      this.scheduler.requestStop();
      for (const task of this.tasks) await task.stop();
      await this.scheduler.idle();
      for (const task of this.tasks) await task.destroy();
      this.lock.release();
      this.options.logger.info('日程服务已停止');
    })();
    return this.stopped;
  }
}
