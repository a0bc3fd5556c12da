/**
 * Excel serial day numbers ↔ ISO dates.
 *
 * 1900 system (Windows Excel, WPS): serial 1 is 1900-01-01, and Excel keeps Lotus 1-2-3's bug of
 * a 1900-02-29 at serial 60, so from 61 (1900-03-01) on, serial = days since 1899-12-30. Serial 60
 * names no real day. 1904 system (old Mac workbooks): serial 0 is 1904-01-01.
 * A fractional part is the time of day and is dropped.
 */
import { dayNumberToIso, parseIsoDate, ymdToDayNumber } from '../calendar/iso-date.js';

const DAY_1899_12_30 = ymdToDayNumber(1899, 12, 30);
const DAY_1899_12_31 = ymdToDayNumber(1899, 12, 31);
const DAY_1904_01_01 = ymdToDayNumber(1904, 1, 1);
const FIRST_MARCH_1900 = 61;
/** 9999-12-31, the last day Excel can show. */
export const MAX_EXCEL_SERIAL = 2_958_465;

/** ISO date of an Excel serial, or null if the serial names no day (≤ 0, 60, beyond 9999, not finite). */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const whole = Math.floor(serial);
  if (date1904) {
    if (whole < 0 || whole > MAX_EXCEL_SERIAL - 1462) return null;
    return dayNumberToIso(DAY_1904_01_01 + whole);
  }
  if (whole < 1 || whole === 60 || whole > MAX_EXCEL_SERIAL) return null;
  return dayNumberToIso(whole < 60 ? DAY_1899_12_31 + whole : DAY_1899_12_30 + whole);
}

/** Excel serial of an ISO date; throws RangeError for a malformed date or one Excel cannot hold. */
export function isoToExcelSerial(iso: string, date1904 = false): number {
  const ymd = parseIsoDate(iso);
  if (!ymd) throw new RangeError(`"${iso}"不是有效日期，应写作YYYY-MM-DD`);
  const day = ymdToDayNumber(ymd.year, ymd.month, ymd.day);
  if (date1904) {
    if (day < DAY_1904_01_01) throw new RangeError(`${iso}早于1904年日期系统的起点1904-01-01`);
    return day - DAY_1904_01_01;
  }
  if (ymd.year < 1900) throw new RangeError(`${iso}早于Excel日期的起点1900-01-01`);
  const serial = day - DAY_1899_12_30;
  return serial >= FIRST_MARCH_1900 ? serial : day - DAY_1899_12_31;
}

/** Excel serial (1900 system, or 1904) to the UTC Date exceljs gives for the same cell. */
export function serialToDate(serial: number, date1904 = false): Date {
  return new Date(Math.round((serial + (date1904 ? 1462 : 0) - 25569) * 86_400_000));
}

/** The Excel serial (with the time of day as its fraction) of a UTC Date, as serialToDate reads it back. */
export function dateToSerial(date: Date, date1904 = false): number {
  return date.getTime() / 86_400_000 + 25569 - (date1904 ? 1462 : 0);
}

/**
 * Whether a number format code shows a date (the test exceljs applies), so collect's reader and the
 * add-in's host reads call the same cells dates.
 */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}
