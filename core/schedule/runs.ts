/**
 * Every run a plan year has, as data: which job, for which period, on which working day. The
 * service, the `--plan` listing and the tests all read the same list, so what is printed is what runs.
 */
import type { WorkdayCalendar } from './calendar-port.js';
import { JOB_ORDER, type JobKind, type ScheduleConfig } from './model.js';

export interface PlannedRun {
  /** ISO date the run is due (from the schedule's daily time on). */
  date: string;
  job: JobKind;
  /** Unique across the workspace and the key of the `runs` table, e.g. `issue:2024-06`, `assess:2024`. */
  key: string;
  /** `YYYY-MM`; absent for the year-end assessment. */
  period?: string;
  year: number;
  /** Return deadline of the period, for the runs that depend on it. */
  deadline?: string;
  /** Chinese, for the listing and the log. */
  description: string;
}

/** The days (inclusive) during which the inbox is polled for one period's returns. */
export interface CollectionWindow {
  period: string;
  from: string;
  to: string;
}

export interface PeriodDates {
  period: string;
  issue: string;
  deadline: string;
  remind: string;
  circular: string;
  window: CollectionWindow;
}

export interface ScheduleInputs {
  year: number;
  /** plan.settings.returnDeadlineWorkingDay */
  returnDeadlineWorkingDay: number;
  config: ScheduleConfig;
  calendar: WorkdayCalendar;
}

export function periodsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

function monthAfter(period: string): { year: number; month: number } {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? { year: y + 1, month: 1 } : { year: y, month: m + 1 };
}

export function periodLabel(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return `${y}年${m}月`;
}

export function periodDates(inputs: ScheduleInputs, period: string): PeriodDates {
  const { config, calendar } = inputs;
  const [y, m] = period.split('-').map(Number);
  const after = monthAfter(period);
  const deadline = calendar.nthWorkingDayOfMonth(after.year, after.month, inputs.returnDeadlineWorkingDay);
  const issue =
    config.issueMonth === 'same'
      ? calendar.nthWorkingDayOfMonth(y, m, config.issueWorkingDay)
      : calendar.nthWorkingDayOfMonth(after.year, after.month, config.issueWorkingDay);
  const remind =
    config.remindWorkingDaysBefore === 0
      ? deadline
      : calendar.addWorkingDays(deadline, -config.remindWorkingDaysBefore);
  const circular = calendar.addWorkingDays(deadline, config.circularWorkingDaysAfterDeadline);
  // Polling starts once the period is over (a return before then is rare and would be superseded
  // anyway), so at most one period's window is open at a time.
  const monthStart = calendar.addWorkingDays(`${after.year}-${String(after.month).padStart(2, '0')}-01`, 0);
  const window = { period, from: issue > monthStart ? issue : monthStart, to: circular };
  return { period, issue, deadline, remind, circular, window };
}

export function assessDate(inputs: ScheduleInputs): string {
  return inputs.calendar.nthWorkingDayOfMonth(inputs.year + 1, 1, inputs.config.assessWorkingDayOfJanuary);
}

function compareRuns(
  a: { date: string; job: string; key: string },
  b: { date: string; job: string; key: string },
) {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const order = (job: string) => (job === 'poll' ? JOB_ORDER.length : JOB_ORDER.indexOf(job as JobKind));
  if (a.job !== b.job) return order(a.job) - order(b.job);
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Every recorded run of the plan year, in the order the service runs them. */
export function plannedRuns(inputs: ScheduleInputs): PlannedRun[] {
  const runs: PlannedRun[] = [];
  const { year } = inputs;
  for (const period of periodsOfYear(year)) {
    const d = periodDates(inputs, period);
    const label = periodLabel(period);
    const base = { period, year, deadline: d.deadline };
    runs.push(
      {
        ...base,
        date: d.issue,
        job: 'issue',
        key: `issue:${period}`,
        description: `下发${label}填报工作簿（报送截止 ${d.deadline}）`,
      },
      {
        ...base,
        date: d.remind,
        job: 'remind',
        key: `remind:${period}`,
        description: `催报${label}：列出尚未报送的单位（报送截止 ${d.deadline}）`,
      },
      {
        ...base,
        date: d.circular,
        job: 'collect',
        key: `collect:${period}`,
        description: `截止后最后一次收取${label}回报工作簿，供月度通报使用`,
      },
      {
        ...base,
        date: d.circular,
        job: 'circular',
        key: `circular:${period}`,
        description: `生成${label}月度通报`,
      },
    );
  }
  runs.push({
    date: assessDate(inputs),
    job: 'assess',
    key: `assess:${year}`,
    year,
    description: `${year}年度年终考核`,
  });
  return runs.sort(compareRuns);
}

export function collectionWindows(inputs: ScheduleInputs): CollectionWindow[] {
  return periodsOfYear(inputs.year).map((p) => periodDates(inputs, p).window);
}

export interface ListingLine {
  date: string;
  job: JobKind | 'poll';
  key: string;
  description: string;
}

/** What `schedule --plan` prints: the recorded runs plus the start of each polling window. */
export function listing(inputs: ScheduleInputs, from: string, to: string): ListingLine[] {
  const lines: ListingLine[] = plannedRuns(inputs).map(({ date, job, key, description }) => ({
    date,
    job,
    key,
    description,
  }));
  for (const w of collectionWindows(inputs)) {
    lines.push({
      date: w.from,
      job: 'poll',
      key: `poll:${w.period}`,
      description: `开始每${inputs.config.pollMinutes}分钟收取${periodLabel(w.period)}回报工作簿（至 ${w.to}）`,
    });
  }
  return lines.filter((l) => l.date >= from && l.date <= to).sort(compareRuns);
}

/** Runs due at `now` (local clock): earlier days, or today from the daily time on. */
export function isDue(
  run: { date: string },
  now: { date: string; time: string },
  config: ScheduleConfig,
): boolean {
  if (config.startDate && run.date < config.startDate) return false;
  return run.date < now.date || (run.date === now.date && now.time >= config.dailyTime);
}

export function openWindow(inputs: ScheduleInputs, today: string): CollectionWindow | undefined {
  return collectionWindows(inputs).find((w) => w.from <= today && today <= w.to);
}
