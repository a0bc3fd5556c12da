/**
 * Working days (工作日) under the State Council holiday schedule with adjusted workdays (调休),
 * merged with the office's own 节假日 rows. A calendar is a value: built from the rows a plan
 * carries (see plan-calendar.ts), never a global, so two plans in one process may disagree.
 *
 * Conventions, used everywhere a deadline is counted:
 * - Dates are ISO strings `YYYY-MM-DD` in and out.
 * - `addWorkingDays(d, n)` for n ≥ 1 is the n-th working day strictly after d, whether or not d
 *   itself is a working day. So "within 7 working days after D" (7个工作日内) means on or before
 *   `addWorkingDays(D, 7)`. For n = 0 it is d itself if d is a working day, else the next one.
 *   For n < 0 it counts back the same way: the |n|-th working day strictly before d.
 * - `workingDaysBetween(from, to)` counts working days in (from, to]: after `from`, up to and
 *   including `to`. It is 0 when from = to and negative (−count of (to, from]) when to < from, so
 *   `workingDaysBetween(d, addWorkingDays(d, n)) === n` for n ≥ 1.
 * - A date neither source can decide throws CalendarError naming the date and the year whose
 *   holidays are missing; we never fall back to weekdays. Only the dates actually counted are
 *   asked, so January–November work before the next year's holidays are known.
 */
import { holidaySchedule, type HolidaySchedule } from './holiday-data.js';
import { dayNumberToIso, daysInMonth, parseIsoDate, weekdayOfDayNumber, ymdToDayNumber } from './iso-date.js';

/** A user-facing calendar problem; the message is Chinese and says what to do. */
export class CalendarError extends Error {
  /** The year whose holiday schedule is missing, when that is the problem. */
  readonly missingYear?: number;

  constructor(message: string, missingYear?: number) {
    super(message);
    this.name = 'CalendarError';
    if (missingYear !== undefined) this.missingYear = missingYear;
  }
}

/** One row of the office's 节假日 sheet: a day off (放假) or an adjusted workday (上班). */
export interface OfficeHoliday {
  date: string;
  kind: 'off' | 'work';
  /** e.g. `春节`, `国庆节`; may be empty for a 上班 row. */
  name: string;
}

export const OFFICE_HOLIDAY_KIND_LABELS: Record<OfficeHoliday['kind'], string> = {
  off: '放假',
  work: '上班',
};

/** The name that marks a year's notice as typed in: every State Council notice has 春节. */
export const SPRING_FESTIVAL = '春节';

export interface CalendarCoverage {
  /** Years whose holiday schedule is known (library or office rows), ascending. */
  years: readonly number[];
  first: number;
  last: number;
  /** Years the chinese-days data holds. */
  libraryYears: readonly number[];
  /** Years known only from the office's rows. */
  officeYears: readonly number[];
}

export interface WorkingDayCalendar {
  isWorkingDay(date: string): boolean;
  /** Chinese name of the holiday (e.g. `春节`) if the date is an official day off, else null. */
  holidayName(date: string): string | null;
  addWorkingDays(date: string, n: number): string;
  /** Whether `to` falls on or before the n-th working day after `from` (e.g. 7个工作日内公示). */
  isWithinWorkingDays(from: string, to: string, n: number): boolean;
  workingDaysBetween(from: string, to: string): number;
  workingDaysOfMonth(year: number, month: number): string[];
  /** The n-th working day (1-based) of a month, e.g. the 5th working day as a return deadline. */
  nthWorkingDayOfMonth(year: number, month: number, n: number): string;
  lastWorkingDayOfMonth(year: number, month: number): string;
  /** Whether the calendar can decide this ISO date. */
  isCovered(date: string): boolean;
  /** Why the calendar cannot decide this date (the Chinese message), or null if it can. */
  gap(date: string): { message: string; year: number } | null;
  coverage(): CalendarCoverage;
}

/**
 * From this December day on, a date can belong to the next year's New Year break or its adjusted
 * workday (2018-12-29 was a 调休 workday for 元旦 2019), so it is only known once that year is.
 */
const NEXT_YEAR_SENSITIVE_FROM_DECEMBER_DAY = 25;

function describeYears(years: readonly number[]): string {
  if (years.length === 0) return '（无）';
  const runs: string[] = [];
  let start = years[0];
  for (let i = 1; i <= years.length; i++) {
    if (i === years.length || years[i] !== years[i - 1] + 1) {
      const end = years[i - 1];
      runs.push(start === end ? `${start}` : `${start}—${end}`);
      start = years[i];
    }
  }
  return `${runs.join('、')}年`;
}

function requireDate(date: string, what: string): number {
  const ymd = typeof date === 'string' ? parseIsoDate(date) : null;
  if (!ymd) throw new CalendarError(`${what}"${String(date)}"不是有效日期，应写作YYYY-MM-DD，如2024-05-10`);
  return ymdToDayNumber(ymd.year, ymd.month, ymd.day);
}

function requireCount(n: number, what: string, min: number): void {
  if (!Number.isInteger(n) || n < min)
    throw new CalendarError(`${what}应为不小于${min}的整数，收到${String(n)}`);
}

function requireMonth(year: number, month: number): void {
  if (
    !Number.isInteger(year) ||
    year < 1 ||
    year > 9999 ||
    !Number.isInteger(month) ||
    month < 1 ||
    month > 12
  ) {
    throw new CalendarError(`${String(year)}年${String(month)}月不是有效月份`);
  }
}

/** What to tell the office when `year`'s holidays are missing. */
export function missingHolidaysAdvice(year: number): string {
  return (
    `请在国务院公布${year}年节假日安排后，把放假和调休上班的日期逐日填入${year}年工作要点（plans/${year}.xlsx）的“节假日”工作表` +
    `（日期、类型“放假”或“上班”、名称），保存后再运行`
  );
}

/**
 * A working-day calendar: the chinese-days schedule, overridden date by date by the office's rows.
 * A year counts as known when the library has it or the office's rows hold its 春节.
 */
export function workingDayCalendar(
  officeRows: readonly OfficeHoliday[] = [],
  base: HolidaySchedule = holidaySchedule(),
): WorkingDayCalendar {
  const office = new Map<string, OfficeHoliday>();
  for (const row of officeRows) office.set(row.date, row);
  const officeYears = [
    ...new Set(
      officeRows
        .filter((r) => r.kind === 'off' && r.name.includes(SPRING_FESTIVAL))
        .map((r) => Number(r.date.slice(0, 4))),
    ),
  ]
    .filter((y) => !base.years.includes(y))
    .sort((a, b) => a - b);
  const years = [...new Set([...base.years, ...officeYears])].sort((a, b) => a - b);
  const known = new Set(years);
  const sources = () =>
    officeYears.length
      ? `chinese-days 日历数据只覆盖${describeYears(base.years)}，节假日表另有${describeYears(officeYears)}`
      : `chinese-days 日历数据只覆盖${describeYears(base.years)}，节假日表中也没有该年的放假安排`;

  /** Called for every day counted: keep it cheap. */
  function gapOf(iso: string): { message: string; year: number } | null {
    const year = Number(iso.slice(0, 4));
    if (!known.has(year)) {
      return {
        year,
        message: `无法确定${iso}是否为工作日：${sources()}。${missingHolidaysAdvice(year)}`,
      };
    }
    const lateDecember =
      iso.slice(5, 7) === '12' && Number(iso.slice(8, 10)) >= NEXT_YEAR_SENSITIVE_FROM_DECEMBER_DAY;
    if (lateDecember && !known.has(year + 1)) {
      return {
        year: year + 1,
        message:
          `无法确定${iso}是否为工作日：它可能受${year + 1}年元旦放假调休影响，而${sources()}。` +
          missingHolidaysAdvice(year + 1),
      };
    }
    return null;
  }

  function workingDayNumber(dayNumber: number): boolean {
    const iso = dayNumberToIso(dayNumber);
    const own = office.get(iso);
    // The office's row decides its date even in a year otherwise unknown: it is what they typed.
    if (own) return own.kind === 'work';
    const gap = gapOf(iso);
    if (gap) throw new CalendarError(gap.message, gap.year);
    if (base.adjustedWorkdays.has(iso)) return true;
    if (base.holidays.has(iso)) return false;
    const weekday = weekdayOfDayNumber(dayNumber);
    return weekday !== 0 && weekday !== 6;
  }

  function addWorkingDays(date: string, n: number): string {
    let day = requireDate(date, '起算日期');
    if (!Number.isInteger(n)) requireCount(n, '工作日天数', 0);
    if (n === 0) {
      while (!workingDayNumber(day)) day++;
      return dayNumberToIso(day);
    }
    const step = n > 0 ? 1 : -1;
    let remaining = Math.abs(n);
    while (remaining > 0) {
      day += step;
      if (workingDayNumber(day)) remaining--;
    }
    return dayNumberToIso(day);
  }

  function workingDaysBetween(from: string, to: string): number {
    const start = requireDate(from, '起始日期');
    const end = requireDate(to, '结束日期');
    if (end < start) return 0 - workingDaysBetween(to, from); // never -0
    let count = 0;
    for (let day = start + 1; day <= end; day++) if (workingDayNumber(day)) count++;
    return count;
  }

  function workingDaysOfMonth(year: number, month: number): string[] {
    requireMonth(year, month);
    const days: string[] = [];
    const first = ymdToDayNumber(year, month, 1);
    for (let i = 0; i < daysInMonth(year, month); i++) {
      if (workingDayNumber(first + i)) days.push(dayNumberToIso(first + i));
    }
    return days;
  }

  return {
    isWorkingDay: (date) => workingDayNumber(requireDate(date, '日期')),
    holidayName(date) {
      const day = requireDate(date, '日期');
      if (workingDayNumber(day)) return null;
      const iso = dayNumberToIso(day);
      const own = office.get(iso);
      if (own) return own.name || null;
      return base.holidays.get(iso) ?? null;
    },
    addWorkingDays,
    isWithinWorkingDays(from, to, n) {
      requireDate(to, '截止日期');
      requireCount(n, '工作日天数', 0);
      return to <= addWorkingDays(from, n);
    },
    workingDaysBetween,
    workingDaysOfMonth,
    nthWorkingDayOfMonth(year, month, n) {
      requireMonth(year, month);
      requireCount(n, '第几个工作日', 1);
      // Scan only as far as needed, so early-month deadlines work even when late December is unknown.
      const first = ymdToDayNumber(year, month, 1);
      let found = 0;
      for (let i = 0; i < daysInMonth(year, month); i++) {
        if (workingDayNumber(first + i) && ++found === n) return dayNumberToIso(first + i);
      }
      throw new CalendarError(`${year}年${month}月只有${found}个工作日，没有第${n}个工作日`);
    },
    lastWorkingDayOfMonth(year, month) {
      const days = workingDaysOfMonth(year, month);
      if (days.length === 0) throw new CalendarError(`${year}年${month}月没有工作日`);
      return days[days.length - 1];
    },
    isCovered(date) {
      const iso = dayNumberToIso(requireDate(date, '日期'));
      return office.has(iso) || gapOf(iso) === null;
    },
    gap(date) {
      const iso = dayNumberToIso(requireDate(date, '日期'));
      return office.has(iso) ? null : gapOf(iso);
    },
    coverage: () => ({
      years,
      first: years[0],
      last: years[years.length - 1],
      libraryYears: base.years,
      officeYears,
    }),
  };
}

let library: WorkingDayCalendar | undefined;

/** The State Council schedule alone (chinese-days), for code that has no plan at hand. */
export function libraryCalendar(): WorkingDayCalendar {
  library ??= workingDayCalendar();
  return library;
}
