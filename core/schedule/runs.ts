/**
 * Every run a plan year has, as data: which job, for which period, on which working day. The
 * service, the `--plan` listing and the tests all read the same list, so what is printed is what runs.
 * A period whose dates need holidays nobody has entered yet is a gap, not an error: the other
 * periods are still planned, and the gap says which year's 节假日 to fill.
 */
import { CalendarError, type WorkingDayCalendar } from '../calendar/working-days.js';
import { formatPeriod, periodLabel } from '../calendar/period.js';
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

/** Runs that cannot be dated yet because a year's holidays are unknown. */
export interface ScheduleGap {
  /** The period, or `YYYY` for the year-end assessment. */
  period: string;
  /** Keys of the runs left out, e.g. `issue:2027-01`. */
  keys: string[];
  /** The year whose 节假日 are missing. */
  missingYear: number;
  /** The calendar's Chinese message, naming the date. */
  message: string;
}

export interface ScheduleInputs {
  year: number;
  /** plan.settings.returnDeadlineWorkingDay */
  returnDeadlineWorkingDay: number;
  config: ScheduleConfig;
  calendar: WorkingDayCalendar;
  /** 启用期间 `YYYY-MM`: no run for an earlier period (default January of the year). */
  firstPeriod?: string;
}

export function periodsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => formatPeriod(year, i + 1));
}

/** The year's periods the office runs: from 启用期间 on. */
export function scheduledPeriods(inputs: Pick<ScheduleInputs, 'year' | 'firstPeriod'>): string[] {
  return periodsOfYear(inputs.year).filter((p) => !inputs.firstPeriod || p >= inputs.firstPeriod);
}

function monthAfter(period: string): { year: number; month: number } {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? { year: y + 1, month: 1 } : { year: y, month: m + 1 };
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
  const monthStart = calendar.addWorkingDays(`${formatPeriod(after.year, after.month)}-01`, 0);
  const window = { period, from: issue > monthStart ? issue : monthStart, to: circular };
  return { period, issue, deadline, remind, circular, window };
}

export function assessDate(inputs: ScheduleInputs): string {
  return inputs.calendar.nthWorkingDayOfMonth(inputs.year + 1, 1, inputs.config.assessWorkingDayOfJanuary);
}

/** Whether the year-end assessment is planned: only when some period of the year is run. */
export const assessesYear = (inputs: Pick<ScheduleInputs, 'year' | 'firstPeriod'>): boolean =>
  scheduledPeriods(inputs).length > 0;

function compareRuns(
  a: { date: string; job: string; key: string },
  b: { date: string; job: string; key: string },
) {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const order = (job: string) => (job === 'poll' ? JOB_ORDER.length : JOB_ORDER.indexOf(job as JobKind));
  if (a.job !== b.job) return order(a.job) - order(b.job);
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** A value, or the gap a missing year of holidays leaves; any other error is thrown. */
function dated<T>(compute: () => T): { value: T } | { gap: Pick<ScheduleGap, 'missingYear' | 'message'> } {
  try {
    return { value: compute() };
  } catch (error) {
    if (error instanceof CalendarError && error.missingYear !== undefined) {
      return { gap: { missingYear: error.missingYear, message: error.message } };
    }
    throw error;
  }
}

export interface YearSchedule {
  runs: PlannedRun[];
  windows: CollectionWindow[];
  gaps: ScheduleGap[];
}

/** Every run and polling window of the plan year that can be dated, and the periods that cannot. */
export function yearSchedule(inputs: ScheduleInputs): YearSchedule {
  const runs: PlannedRun[] = [];
  const windows: CollectionWindow[] = [];
  const gaps: ScheduleGap[] = [];
  const { year } = inputs;
  for (const period of scheduledPeriods(inputs)) {
    const label = periodLabel(period);
    const keys = ['issue', 'remind', 'collect', 'circular'].map((job) => `${job}:${period}`);
    const result = dated(() => periodDates(inputs, period));
    if ('gap' in result) {
      gaps.push({ period, keys, ...result.gap });
      continue;
    }
    const d = result.value;
    windows.push(d.window);
    const base = { period, year, deadline: d.deadline };
    runs.push(
      {
        ...base,
        date: d.issue,
        job: 'issue',
        key: keys[0],
        description: `下发${label}填报工作簿（报送截止 ${d.deadline}）`,
      },
      {
        ...base,
        date: d.remind,
        job: 'remind',
        key: keys[1],
        description: `催报${label}：列出尚未报送的单位（报送截止 ${d.deadline}）`,
      },
      {
        ...base,
        date: d.circular,
        job: 'collect',
        key: keys[2],
        description: `截止后最后一次收取${label}回报工作簿，供月度通报使用`,
      },
      {
        ...base,
        date: d.circular,
        job: 'circular',
        key: keys[3],
        description: `生成${label}月度通报`,
      },
    );
  }
  if (assessesYear(inputs)) {
    const key = `assess:${year}`;
    const result = dated(() => assessDate(inputs));
    if ('gap' in result) gaps.push({ period: String(year), keys: [key], ...result.gap });
    else runs.push({ date: result.value, job: 'assess', key, year, description: `${year}年度年终考核` });
  }
  return { runs: runs.sort(compareRuns), windows, gaps };
}

/** Every recorded run of the plan year that can be dated, in the order the service runs them. */
export function plannedRuns(inputs: ScheduleInputs): PlannedRun[] {
  return yearSchedule(inputs).runs;
}

export function collectionWindows(inputs: ScheduleInputs): CollectionWindow[] {
  return yearSchedule(inputs).windows;
}

export interface ListingLine {
  date: string;
  job: JobKind | 'poll';
  key: string;
  description: string;
}

/** What `schedule --plan` prints: the recorded runs plus the start of each polling window. */
export function listing(inputs: ScheduleInputs, from: string, to: string): ListingLine[] {
  const { runs, windows } = yearSchedule(inputs);
  const lines: ListingLine[] = runs.map(({ date, job, key, description }) => ({
    date,
    job,
    key,
    description,
  }));
  for (const w of windows) {
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
