/**
 * What the scheduled jobs do, as an interface: the service calls these, tests hand in fakes, and the
 * command wires the real commands (see real-runners.ts).
 */
export interface JobContext {
  /** Workspace root. */
  workspace: string;
  /** `YYYY-MM`; absent for the year-end assessment. */
  period?: string;
  year: number;
  /** Local date of the run, used as 成文日期 for documents. */
  date: string;
  /**
   * The previous attempt of this run was cut off by a killed process, so what it wrote is the
   * scheduler's own partial output and may be replaced (issue runs with --force).
   */
  resume?: boolean;
}

export interface PendingUnit {
  code: string;
  name: string;
}

export interface JobRunners {
  issue(ctx: JobContext): Promise<void>;
  /** Collect the inbox for ctx.period; called by polls and by the closing collect. */
  collect(ctx: JobContext): Promise<void>;
  circular(ctx: JobContext): Promise<void>;
  assess(ctx: JobContext): Promise<void>;
  /** Units expected to return ctx.period that have no accepted submission yet. */
  pendingUnits(ctx: JobContext): Promise<PendingUnit[]>;
}
