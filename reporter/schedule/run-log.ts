/**
 * The record of every scheduled run, in the workspace database: one row per attempt, so the history
 * shows failures and retries. A partial unique index makes a second successful run of the same key
 * impossible, whatever the code above does.
 */
import type Database from 'better-sqlite3';

export type RunStatus = 'running' | 'done' | 'failed' | 'skipped';

export interface RunRow {
  id: number;
  job: string;
  key: string;
  dueDate: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  error: string | null;
  caughtUp: boolean;
}

/** The error recorded for a run a killed process left `running`. */
export const INTERRUPTED = '服务中断，运行未完成';

export class RunLog {
  /** The table comes from the store's migrations (reporter/store/migrations.ts, version 4). */
  constructor(private readonly db: Database.Database) {}

  /** Done or deliberately skipped: either way the run must not happen again. */
  isSettled(key: string): boolean {
    return (
      this.db
        .prepare(`SELECT 1 FROM schedule_runs WHERE key = ? AND status IN ('done', 'skipped') LIMIT 1`)
        .get(key) !== undefined
    );
  }

  start(run: { job: string; key: string; dueDate: string; caughtUp: boolean }, startedAt: Date): number {
    const info = this.db
      .prepare(
        `INSERT INTO schedule_runs (job, key, due_date, started_at, status, caught_up) VALUES (?, ?, ?, ?, 'running', ?)`,
      )
      .run(run.job, run.key, run.dueDate, startedAt.toISOString(), run.caughtUp ? 1 : 0);
    return Number(info.lastInsertRowid);
  }

  finish(id: number, status: Exclude<RunStatus, 'running'>, finishedAt: Date, error?: string): void {
    this.db
      .prepare(`UPDATE schedule_runs SET status = ?, finished_at = ?, error = ? WHERE id = ?`)
      .run(status, finishedAt.toISOString(), error ?? null, id);
  }

  /** A skipped run is settled without running, e.g. a reminder whose deadline has passed. */
  skip(
    run: { job: string; key: string; dueDate: string; caughtUp: boolean },
    at: Date,
    reason: string,
  ): void {
    const id = this.start(run, at);
    this.finish(id, 'skipped', at, reason);
  }

  /**
   * Rows left `running` by a process that died mid-job. Called while holding the workspace lock, so no
   * live run can be among them; they become failures and the run is retried.
   */
  failInterrupted(at: Date): RunRow[] {
    const rows = this.rows(`WHERE status = 'running'`);
    this.db
      .prepare(
        `UPDATE schedule_runs SET status = 'failed', finished_at = ?, error = ? WHERE status = 'running'`,
      )
      .run(at.toISOString(), INTERRUPTED);
    return rows;
  }

  /** Whether the latest attempt of the run was cut off by a killed process (its output may be partial). */
  wasInterrupted(key: string): boolean {
    const rows = this.history(key);
    return rows.length > 0 && rows[rows.length - 1].error === INTERRUPTED;
  }

  history(key?: string): RunRow[] {
    return key === undefined ? this.rows('') : this.rows('WHERE key = ?', key);
  }

  private rows(where: string, ...params: unknown[]): RunRow[] {
    const raw = this.db
      .prepare(
        `SELECT id, job, key, due_date AS dueDate, started_at AS startedAt, finished_at AS finishedAt, status, error,
           caught_up AS caughtUp FROM schedule_runs ${where} ORDER BY id`,
      )
      .all(...params) as (Omit<RunRow, 'caughtUp'> & { caughtUp: number })[];
    return raw.map((r) => ({ ...r, caughtUp: r.caughtUp === 1 }));
  }
}
