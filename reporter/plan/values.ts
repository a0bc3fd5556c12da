import type { CellValue } from 'exceljs';
import { normalizePeriod } from '../../core/calendar/period.js';
import { isoToExcelSerial, excelSerialToIso } from '../../core/values/excel-serial.js';

/**
 * Readers for what the office types into plan.xlsx. Each returns a value or a Chinese reason that
 * completes the sentence "……，请……" in a finding.
 */

export type Plain = string | number | boolean | Date | null;
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(reason: string): Read<T> => ({ ok: false, reason });

/** A cell's value as a person sees it: formulas give their result, rich text its text, blanks null. */
export function plainValue(value: CellValue | undefined): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? null : text;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return plainValue(value.richText.map((part) => part.text).join(''));
  if ('formula' in value || 'sharedFormula' in value) return plainValue(value.result as CellValue);
  if ('hyperlink' in value) return plainValue(value.text as CellValue);
  if ('error' in value) return String(value.error);
  return null;
}

/** Full-width letters, digits and signs (as Chinese input methods type them) to ASCII. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

export function displayText(value: Plain): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

export function readText(value: Plain): string {
  return displayText(value).trim();
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function cleanNumberText(text: string): string {
  // Thousands separators and spaces are how people group digits; they never change the value.
  return toHalfWidth(text).replace(/[\s,，]/g, '');
}

/** A number, accepting `1,234`, `１２３` and, when allowPercent, `10%` (→ 0.1 exactly). */
export function readNumber(value: Plain, allowPercent = false): Read<number> {
  if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : fail('不是有效数字');
  if (typeof value !== 'string') return fail('应为数字');
  const text = cleanNumberText(value);
  if (allowPercent && text.endsWith('%')) {
    const mantissa = text.slice(0, -1);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(mantissa)) return fail('应为数字或百分数，如 10% 或 0.1');
    // Shift the decimal point in the text rather than dividing, so `7%` reads as 0.07, not 0.07000000000000001.
    return ok(Number(`${mantissa}e-2`));
  }
  if (!DECIMAL.test(text)) return fail(allowPercent ? '应为数字或百分数，如 10% 或 0.1' : '应为数字');
  return ok(Number(text));
}

export function readInteger(value: Plain, min = -Infinity): Read<number> {
  const number = readNumber(value);
  if (!number.ok) return fail('应为整数');
  if (!Number.isInteger(number.value)) return fail('应为整数');
  if (number.value < min) return fail(`应为不小于 ${min} 的整数`);
  return number;
}

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

/** An ISO date from a date cell, an Excel serial number, or `2024-10-31`, `2024/10/31`, `2024年10月31日`. */
export function readIsoDate(value: Plain): Read<string> {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail('不是有效日期');
    // exceljs reads date cells as UTC midnight.
    return ok(value.toISOString().slice(0, 10));
  }
  if (typeof value === 'number') {
    const iso = Number.isInteger(value) ? excelSerialToIso(value) : null;
    return iso === null ? fail('不是有效日期') : ok(iso);
  }
  if (typeof value !== 'string') return fail('应为日期，如 2024-10-31');
  const match = DATE_TEXT.exec(toHalfWidth(value).trim());
  if (!match) return fail('应为日期，如 2024-10-31');
  const iso = `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso)
    return fail(`日期"${value}"不存在`);
  return ok(iso);
}

/**
 * A period (`YYYY-MM`) from a cell: typed as 2026-09, 2026.9 or 2026年9月, or turned by Excel into
 * a date (the first of the month) when typed as 2026-09; undefined when it is none of these.
 */
export function readPeriodCell(value: Plain): string | undefined {
  if (value instanceof Date || typeof value === 'number') {
    const iso = readIsoDate(value);
    return iso.ok && iso.value.endsWith('-01') ? iso.value.slice(0, 7) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  try {
    return normalizePeriod(toHalfWidth(value));
  } catch {
    return undefined;
  }
}

export function readSerialDate(value: Plain): Read<number> {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return ok(value);
  const iso = readIsoDate(value);
  return iso.ok ? ok(isoToExcelSerial(iso.value)) : iso;
}

export function isoToUtcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', '无', '没有', 'n', 'no', 'false', '0', '×', '✗']);

export function readYesNo(value: Plain): Read<boolean> {
  if (typeof value === 'boolean') return ok(value);
  const text = toHalfWidth(readText(value)).toLowerCase();
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return fail('应为"是"或"否"');
}

/**
 * Splits a list cell on `、，,；;` and line breaks, but not inside parentheses, so a name like
 * `市城市管理局(供水、供气公司)` stays whole.
 */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(' || char === '（') depth++;
    if ((char === ')' || char === '）') && depth > 0) depth--;
    if (depth === 0 && /[、，,；;\n\r]/.test(char)) {
      items.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** Number of decimals a percent format needs to show a fraction exactly (0.075 → 1 for `7.5%`). */
export function percentDecimals(fraction: number): number {
  const [mantissa, exponent = '0'] = String(fraction).toLowerCase().split('e');
  const fractionDigits = (mantissa.split('.')[1] ?? '').length - Number(exponent);
  return Math.min(10, Math.max(0, fractionDigits - 2));
}

export function percentFormat(fraction: number): string {
  const decimals = percentDecimals(fraction);
  return decimals === 0 ? '0%' : `0.${'0'.repeat(decimals)}%`;
}
