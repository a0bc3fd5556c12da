/**
 * Dates as people type them, to ISO `YYYY-MM-DD`: `2024年5月10日`, `2024年5月10号`, `2024.5.10`,
 * `2024/5/10`, `2024-5-10`, `20240510`, Date objects from exceljs (read as UTC, as exceljs writes
 * them), Excel serial numbers, and the number 20240510. Two-digit years and day-first or
 * month-first orders (`5/10/2024`) are ambiguous and rejected.
 *
 * A year and month alone (`2024年5月`, `2024-05`) is rejected unless `monthOnly` says which day it
 * stands for; then the result carries `precision: 'month'`.
 */
import { daysInMonth, formatIsoDate, parseIsoDate } from '../calendar/iso-date.js';
import { canonicalText, quote, readInput } from './input.js';
import { excelSerialToIso } from './excel-serial.js';
import { reject } from './result.js';

export type DatePrecision = 'day' | 'month';

export type NormalizedDate =
  | { ok: true; value: string; precision: DatePrecision }
  | { ok: true; value: null }
  | { ok: false; reason: string };

export interface DateOptions {
  /** What `2024年5月` means: rejected (default), or the first or last day of that month. */
  monthOnly?: 'reject' | 'first-day' | 'last-day';
  /** Years outside this range are taken for typos (a year number read as a serial is 1905). */
  minYear?: number;
  maxYear?: number;
  /** The workbook uses the 1904 date system (affects serial numbers only). */
  date1904?: boolean;
}

export const DEFAULT_MIN_YEAR = 1990;
export const DEFAULT_MAX_YEAR = 2100;

const EXAMPLE = '请写成2024-05-10或2024年5月10日';

const FULL_DATE: RegExp[] = [
  /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/,
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];
const MONTH_ONLY: RegExp[] = [/^(\d{4})年(\d{1,2})月份?$/, /^(\d{4})[-/.](\d{1,2})$/];
// Time of day after a date (2024-05-10 08:30, 2024-05-10T08:30:00Z) is dropped.
const TIME_SUFFIX = /(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

function numbersOf(m: RegExpExecArray): number[] {
  return m
    .slice(1)
    .filter((g) => g !== undefined && /^\d+$/.test(g))
    .map(Number);
}

function checkDay(
  year: number,
  month: number,
  day: number,
  shown: string,
  opts: DateOptions,
): NormalizedDate {
  if (month < 1 || month > 12) return reject(`${shown} 不是有效日期：月份应在1—12之间`);
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return reject(`${shown} 不是有效日期：${year}年${month}月只有${last}天`);
  const min = opts.minYear ?? DEFAULT_MIN_YEAR;
  const max = opts.maxYear ?? DEFAULT_MAX_YEAR;
  const iso = formatIsoDate(year, month, day);
  if (year < min || year > max) {
    const as = iso === shown.slice(1, -1) ? '' : `（即${iso}）`;
    return reject(`${shown}${as} 年份不在${min}—${max}年之间，请检查是否填错`);
  }
  return { ok: true, value: iso, precision: 'day' };
}

function fromMonth(year: number, month: number, shown: string, opts: DateOptions): NormalizedDate {
  if (month < 1 || month > 12) return reject(`${shown} 不是有效日期：月份应在1—12之间`);
  const mode = opts.monthOnly ?? 'reject';
  if (mode === 'reject') return reject(`${shown} 只有年月，请写到具体日期，如${year}年${month}月10日`);
  const day = mode === 'first-day' ? 1 : daysInMonth(year, month);
  const result = checkDay(year, month, day, shown, opts);
  return result.ok && result.value !== null ? { ...result, precision: 'month' } : result;
}

function fromText(text: string, opts: DateOptions): NormalizedDate {
  const shown = quote(text);
  const s = canonicalText(text).replace(TIME_SUFFIX, '').replace(/\s+/g, '');
  for (const pattern of FULL_DATE) {
    const m = pattern.exec(s);
    if (m) {
      const [year, month, day] = numbersOf(m);
      return checkDay(year, month, day, shown, opts);
    }
  }
  for (const pattern of MONTH_ONLY) {
    const m = pattern.exec(s);
    if (m) {
      const [year, month] = numbersOf(m);
      return fromMonth(year, month, shown, opts);
    }
  }
  if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(s) || /^\d{2}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(s)) {
    return reject(`${shown} 年月日顺序不明确，${EXAMPLE}`);
  }
  return reject(`${shown} 不是可识别的日期，${EXAMPLE}`);
}

function fromNumber(value: number, opts: DateOptions): NormalizedDate {
  const shown = quote(value);
  // 20240510 typed into a number cell: far beyond any serial, and a valid yyyymmdd.
  if (Number.isInteger(value) && value >= 10_000_101 && value <= 99_991_231) {
    const text = String(value);
    return checkDay(
      Number(text.slice(0, 4)),
      Number(text.slice(4, 6)),
      Number(text.slice(6, 8)),
      shown,
      opts,
    );
  }
  const iso = excelSerialToIso(value, opts.date1904);
  if (iso === null) return reject(`${shown} 不是有效日期，${EXAMPLE}`);
  const ymd = parseIsoDate(iso)!;
  return checkDay(ymd.year, ymd.month, ymd.day, shown, opts);
}

export function normalizeDate(input: unknown, opts: DateOptions = {}): NormalizedDate {
  const cell = readInput(input);
  switch (cell.kind) {
    case 'blank':
      return { ok: true, value: null };
    case 'date': {
      const d = cell.value;
      return checkDay(
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        quote(d.toISOString().slice(0, 10)),
        opts,
      );
    }
    case 'number':
      return fromNumber(cell.value, opts);
    case 'boolean':
      return reject(`${quote(input)} 是逻辑值，此处应填写日期，${EXAMPLE}`);
    case 'invalid':
      return reject(cell.reason);
    case 'text':
      return fromText(cell.text, opts);
  }
}
