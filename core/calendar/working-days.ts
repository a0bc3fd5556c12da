/**
 * Working days (工作日) under the State Council holiday schedule with adjusted workdays (调休).
 *
 * Conventions, used everywhere a deadline is counted:
 * - Dates are ISO strings `YYYY-MM-DD` in and out.
 * - `addWorkingDays(d, n)` for n ≥ 1 is the n-th working day strictly after d, whether or not d
 *   itself is a working day. So "within 7 working days after D" (7个工作日内) means on or before
 *   `addWorkingDays(D, 7)`. For n = 0 it is d itself if d is a working day, else the next one.
 * - `workingDaysBetween(from, to)` counts working days in (from, to]: after `from`, up to and
 *   including `to`. It is 0 when from = to and negative (−count of (to, from]) when to < from, so
 *   `workingDaysBetween(d, addWorkingDays(d, n)) === n` for n ≥ 1.
 * - A date the holiday data cannot decide throws CalendarError; we never fall back to weekdays.
 */
import { holidaySchedule } from './holiday-data.js';
import { dayNumberToIso, daysInMonth, parseIsoDate, weekdayOfDayNumber, ymdToDayNumber } from './iso-date.js';

/** A user-facing calendar problem; the message is Chinese and says what to do. */
export class CalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarError';
  }
}

export interface CalendarCoverage {
  /** Years whose holiday schedule the data holds, ascending. */
  years: readonly number[];
  first: number;
  last: number;
}

/**
 * From this December day on, a date can belong to the next year's New Year break or its adjusted
 * workday (2018-12-29 was a 调休 workday for 元旦 2019), so it is only known once that year is.
 */
const NEXT_YEAR_SENSITIVE_FROM_DECEMBER_DAY = 25;

export function coveredYears(): CalendarCoverage {
  const { years } = holidaySchedule();
  return { years, first: years[0], last: years[years.length - 1] };
}

function describeYears(years: readonly number[]): string {
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

let knownYears: ReadonlySet<number> | undefined;

/** Why the data cannot decide this date, or null if it can. Called for every day counted: keep it cheap. */
function coverageGap(iso: string): string | null {
  const { years } = holidaySchedule();
  knownYears ??= new Set(years);
  const year = Number(iso.slice(0, 4));
  if (!knownYears.has(year)) return `日历数据只覆盖${describeYears(years)}，无法计算${iso}是否为工作日`;
  const lateDecember =
    iso.slice(5, 7) === '12' && Number(iso.slice(8, 10)) >= NEXT_YEAR_SENSITIVE_FROM_DECEMBER_DAY;
  if (lateDecember && !knownYears.has(year + 1)) {
    return (
      `${iso}可能受${year + 1}年元旦放假调休影响，而日历数据只覆盖${describeYears(years)}，` +
      `无法确定是否为工作日；请在国务院公布${year + 1}年节假日安排后更新chinese-days`
    );
  }
  return null;
}

/** Whether the holiday data can decide this ISO date. */
export function isCovered(date: string): boolean {
  return coverageGap(dayNumberToIso(requireDate(date, '日期'))) === null;
}

function isWorkingDayNumber(dayNumber: number): boolean {
  const iso = dayNumberToIso(dayNumber);
  const gap = coverageGap(iso);
  if (gap) throw new CalendarError(gap);
  const { holidays, adjustedWorkdays } = holidaySchedule();
  if (adjustedWorkdays.has(iso)) return true;
  if (holidays.has(iso)) return false;
  const weekday = weekdayOfDayNumber(dayNumber);
  return weekday !== 0 && weekday !== 6;
}

export function isWorkingDay(date: string): boolean {
  return isWorkingDayNumber(requireDate(date, '日期'));
}

/** Chinese name of the holiday (e.g. `春节`) if the date is an official day off, else null. */
export function holidayName(date: string): string | null {
  const day = requireDate(date, '日期');
  if (isWorkingDayNumber(day)) return null;
  return holidaySchedule().holidays.get(dayNumberToIso(day)) ?? null;
}

function requireCount(n: number, what: string, min: number): void {
  if (!Number.isInteger(n) || n < min)
    throw new CalendarError(`${what}应为不小于${min}的整数，收到${String(n)}`);
}

export function addWorkingDays(date: string, n: number): string {
  let day = requireDate(date, '起算日期');
  requireCount(n, '工作日天数', 0);
  if (n === 0) {
    while (!isWorkingDayNumber(day)) day++;
    return dayNumberToIso(day);
  }
  let remaining = n;
  while (remaining > 0) {
    day++;
    if (isWorkingDayNumber(day)) remaining--;
  }
  return dayNumberToIso(day);
}

/** Whether `to` falls on or before the n-th working day after `from` (e.g. 7个工作日内公示). */
export function isWithinWorkingDays(from: string, to: string, n: number): boolean {
  requireDate(to, '截止日期');
  return to <= addWorkingDays(from, n);
}

export function workingDaysBetween(from: string, to: string): number {
  const start = requireDate(from, '起始日期');
  const end = requireDate(to, '结束日期');
  if (end < start) return 0 - workingDaysBetween(to, from); // never -0
  let count = 0;
  for (let day = start + 1; day <= end; day++) if (isWorkingDayNumber(day)) count++;
  return count;
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

export function workingDaysOfMonth(year: number, month: number): string[] {
  requireMonth(year, month);
  const days: string[] = [];
  const first = ymdToDayNumber(year, month, 1);
  for (let i = 0; i < daysInMonth(year, month); i++) {
    if (isWorkingDayNumber(first + i)) days.push(dayNumberToIso(first + i));
  }
  return days;
}

/** The n-th working day (1-based) of a month, e.g. the 5th working day as a return deadline. */
export function nthWorkingDayOfMonth(year: number, month: number, n: number): string {
  requireMonth(year, month);
  requireCount(n, '第几个工作日', 1);
  // Scan only as far as needed, so early-month deadlines work even when late December is unknown.
  const first = ymdToDayNumber(year, month, 1);
  let found = 0;
  for (let i = 0; i < daysInMonth(year, month); i++) {
    if (isWorkingDayNumber(first + i) && ++found === n) return dayNumberToIso(first + i);
  }
  throw new CalendarError(`${year}年${month}月只有${found}个工作日，没有第${n}个工作日`);
}

export function lastWorkingDayOfMonth(year: number, month: number): string {
  const days = workingDaysOfMonth(year, month);
  if (days.length === 0) throw new CalendarError(`${year}年${month}月没有工作日`);
  return days[days.length - 1];
}
