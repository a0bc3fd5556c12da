/**
 * Calendar dates as ISO strings `YYYY-MM-DD`. Arithmetic goes through a day number (days since
 * 1970-01-01) computed with Date.UTC, so the local time zone never shifts a date.
 */

export interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Whether year, month and day name a real day (years 1–9999, matching what `YYYY-MM-DD` can hold). */
export function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Parses a strict `YYYY-MM-DD` string; null for anything else, including 2024-02-30. */
export function parseIsoDate(iso: string): YearMonthDay | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidYmd(year, month, day) ? { year, month, day } : null;
}

export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && parseIsoDate(value) !== null;
}

export function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `2024-05-31` → `2024年5月31日`, as documents and messages write a date; malformed input as written. */
export function chineseDate(iso: string): string {
  const ymd = parseIsoDate(iso);
  return ymd ? `${ymd.year}年${ymd.month}月${ymd.day}日` : iso;
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** `2024-06-07` → `2024年6月7日（星期五）`; anything unparsable is returned as written. */
export function chineseDateWithWeekday(iso: string): string {
  const ymd = parseIsoDate(iso);
  if (!ymd) return iso;
  const weekday = WEEKDAYS[weekdayOfDayNumber(ymdToDayNumber(ymd.year, ymd.month, ymd.day))];
  return `${chineseDate(iso)}（${weekday}）`;
}

/** Days since 1970-01-01 (negative before). */
export function ymdToDayNumber(year: number, month: number, day: number): number {
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

export function dayNumberToYmd(dayNumber: number): YearMonthDay {
  const d = new Date(dayNumber * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function dayNumberToIso(dayNumber: number): string {
  const { year, month, day } = dayNumberToYmd(dayNumber);
  return formatIsoDate(year, month, day);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  // 1970-01-01 was a Thursday.
  return (((dayNumber + 4) % 7) + 7) % 7;
}
