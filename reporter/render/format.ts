/** How numbers and dates read in official documents. */

// Dates in documents use the calendar's wording (GB/T 9704: Arabic numerals, no leading zeros).
export { chineseDate as cnDate, periodLabel as cnPeriod } from '../../core/calendar/index.js';

/** `6月5日`: a date within the document's own year. */
export function cnMonthDay(iso: string): string {
  const [, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${m}月${d}日`;
}

/** Up to `digits` decimals, trailing zeros dropped: 0.985 → `98.5%`. */
export function percent(fraction: number, digits = 2): string {
  return `${trim((fraction * 100).toFixed(digits))}%`;
}

/** Exactly `digits` decimals, for table columns that line up: 0.98 → `98.00%`. */
export function percentFixed(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/**
 * A 顿号 list that stays short in the body: all items up to `max`, else the first `shown` and the
 * count, e.g. `甲、乙、丙等12个单位` (the attachment has the rest).
 */
export function someOf(items: readonly string[], max: number, counter: string, shown = max): string {
  if (items.length <= max) return items.join('、');
  return `${items.slice(0, shown).join('、')}等${items.length}${counter}`;
}

export function decimal(value: number, digits = 3): string {
  return trim(value.toFixed(digits));
}

function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

const DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (for 一是、二是 and section numbers up to 99). */
export function cnNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? DIGITS[tens] : ''}十${ones ? DIGITS[ones] : ''}`;
}

/** 发文字号 as GB/T 9704 writes it: `X信用办〔2024〕5号`; a blank number leaves room to fill by hand. */
export const documentNumber = (prefix: string, date: string, number?: string): string =>
  `${prefix}〔${date.slice(0, 4)}〕${number || '　　'}号`;
