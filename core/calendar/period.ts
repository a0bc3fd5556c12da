/**
 * Reporting periods (填报期次) as `YYYY-MM` strings, e.g. `2024-05` for May 2024.
 */
import { daysInMonth, formatIsoDate, parseIsoDate } from './iso-date.js';
import { CalendarError } from './working-days.js';

export interface YearMonth {
  year: number;
  month: number;
}

// Accept what people type on a command line or in a cell: 2024-05, 2024-5, 2024/5, 2024.5, 2024年5月.
const PERIOD = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$/;

export function formatPeriod(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function parsePeriod(input: string): YearMonth {
  const text = typeof input === 'string' ? input.trim() : '';
  const m = PERIOD.exec(text);
  const separatorOk = m !== null && (text.includes('年') ? text.endsWith('月') : !text.endsWith('月'));
  const year = m ? Number(m[1]) : NaN;
  const month = m ? Number(m[2]) : NaN;
  if (!m || !separatorOk || year < 1 || month < 1 || month > 12) {
    throw new CalendarError(`"${String(input)}"不是有效的期次，应写作YYYY-MM，如2024-05`);
  }
  return { year, month };
}

/** Canonical `YYYY-MM` form of a period typed in any accepted way. */
export function normalizePeriod(input: string): string {
  const { year, month } = parsePeriod(input);
  return formatPeriod(year, month);
}

export function nextPeriod(period: string): string {
  const { year, month } = parsePeriod(period);
  return month === 12 ? formatPeriod(year + 1, 1) : formatPeriod(year, month + 1);
}

export function previousPeriod(period: string): string {
  const { year, month } = parsePeriod(period);
  return month === 1 ? formatPeriod(year - 1, 12) : formatPeriod(year, month - 1);
}

/** First and last calendar day of a period: `2024-02` → 2024-02-01 and 2024-02-29. */
export function periodBounds(period: string): { start: string; end: string } {
  const { year, month } = parsePeriod(period);
  return { start: formatIsoDate(year, month, 1), end: formatIsoDate(year, month, daysInMonth(year, month)) };
}

/** `2024-05` → `2024年5月`, as documents and messages write it. */
export function periodLabel(period: string): string {
  const { year, month } = parsePeriod(period);
  return `${year}年${month}月`;
}

/** The period an ISO date falls in: `2024-05-10` → `2024-05`. */
export function periodOfDate(isoDate: string): string {
  const ymd = typeof isoDate === 'string' ? parseIsoDate(isoDate) : null;
  if (!ymd) throw new CalendarError(`"${String(isoDate)}"不是有效日期，应写作YYYY-MM-DD，如2024-05-10`);
  return formatPeriod(ymd.year, ymd.month);
}

/**
 * Months of one year as documents name them: `9月`, `9—12月` for a run, `9月、10月、12月` otherwise
 * (the periods in order; the year is the caller's to say).
 */
export function monthsText(periods: readonly string[]): string {
  const months = periods.map((p) => parsePeriod(p).month);
  const contiguous = months.every((m, i) => i === 0 || m === months[i - 1] + 1);
  if (!contiguous) return months.map((m) => `${m}月`).join('、');
  return months.length === 1 ? `${months[0]}月` : `${months[0]}—${months[months.length - 1]}月`;
}
