/**
 * The schedule (日程) the office keeps in plan.xlsx: when the monthly loop runs on the working-day
 * calendar. Every number here is editable in the 日程 sheet; DEFAULT_SCHEDULE is what a plan without
 * that sheet gets.
 */
import { OFFICE_TIME_ZONE } from '../calendar/office-time.js';

export type JobKind = 'issue' | 'remind' | 'collect' | 'circular' | 'assess';

/** Order in which jobs due on the same day run: collect must precede the circular it feeds. */
export const JOB_ORDER: readonly JobKind[] = ['issue', 'remind', 'collect', 'circular', 'assess'];

export const JOB_LABELS: Record<JobKind | 'poll', string> = {
  issue: '下发',
  remind: '催报',
  collect: '收取',
  circular: '通报',
  assess: '考核',
  poll: '轮询收取',
};

/**
 * Which period the 1st-working-day issue run hands out: `same` = the month that is starting (units fill
 * it during the month and return it after), `previous` = the month that just ended.
 */
export type IssueMonth = 'same' | 'previous';

export interface ScheduleConfig {
  /** Turns the whole service off without deleting the sheet. */
  enabled: boolean;
  /** IANA time zone whose calendar day decides "today", e.g. `Asia/Shanghai`. */
  timeZone: string;
  /** Local time `HH:MM` from which the day's runs are due and the daily cron fires. */
  dailyTime: string;
  /** Issue on this working day of the month (1 = the first working day). */
  issueWorkingDay: number;
  issueMonth: IssueMonth;
  /** Remind this many working days before the return deadline; 0 = on the deadline day itself. */
  remindWorkingDaysBefore: number;
  /** Shell command given the list of units that have not submitted on stdin; empty = none. */
  remindCommand: string;
  /** Minutes between inbox polls during a collection window (1–60). */
  pollMinutes: number;
  /** Render the circular on this working day after the return deadline (≥ 1). */
  circularWorkingDaysAfterDeadline: number;
  /** Year-end assessment on this working day of January of the year after the plan year. */
  assessWorkingDayOfJanuary: number;
  /**
   * Runs due before this ISO date are never run, so a workspace started mid-year does not issue the
   * months already handled by hand. Empty = from 启用期间 (设置 sheet) on.
   */
  startDate: string;
  /**
   * How many periods back a missed run is still caught up: 2 = the current period and the one before.
   * Older missed runs are recorded as skipped (logged once), never run late.
   */
  catchUpPeriods: number;
  /** Automatic attempts per run and service start; after that the run waits for a restart. */
  maxAttempts: number;
}

export const DEFAULT_SCHEDULE: ScheduleConfig = {
  enabled: true,
  timeZone: OFFICE_TIME_ZONE,
  dailyTime: '09:00',
  issueWorkingDay: 1,
  issueMonth: 'same',
  remindWorkingDaysBefore: 2,
  remindCommand: '',
  pollMinutes: 30,
  circularWorkingDaysAfterDeadline: 3,
  assessWorkingDayOfJanuary: 15,
  startDate: '',
  catchUpPeriods: 2,
  maxAttempts: 3,
};

/** The plan's schedule, or the built-in default for a plan that has none. */
export function scheduleOf(plan: { schedule?: ScheduleConfig }): ScheduleConfig {
  return { ...DEFAULT_SCHEDULE, ...(plan.schedule ?? {}) };
}

/**
 * The zone the office's clock runs in (日程 时区): what day a file arrived, whether it was on time,
 * what today is, and every time the office reads. Asia/Shanghai unless the plan says otherwise.
 */
export const planTimeZone = (plan: { schedule?: ScheduleConfig }): string => scheduleOf(plan).timeZone;
