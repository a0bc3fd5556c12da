/**
 * Numbers as people type them: `１２３`, `1,234`, `1 234`, `+5`, `-5`, `12.5`, `1.2万`.
 * Thousands separators are accepted only where they group by three, so `1,23` (a typo or a
 * European decimal comma) is flagged rather than read as 123.
 */
import { canonicalText, quote, readInput } from './input.js';
import { accept, reject, type Normalized } from './result.js';

export interface DecimalParts {
  negative: boolean;
  /** All significant digits, integer part then fraction part. */
  digits: string;
  /** Power of ten the digit string is scaled by (e.g. "12.5" → digits 125, exponent −1). */
  exponent: number;
}

const MULTIPLIERS: [string, number][] = [
  ['万亿', 12],
  ['亿', 8],
  ['万', 4],
];

// Integer part: plain digits, or groups of three joined by one kind of separator (comma or a space).
const DECIMAL = /^(\d+|\d{1,3}(?:([, \u00a0\u2009\u202f])\d{3})(?:\2\d{3})*)?(?:\.(\d*))?$/;

export type ParsedDecimal = { ok: true; parts: DecimalParts } | { ok: false; reason: string };

/** Parses typed number text exactly into decimal parts; the reason quotes `shown`. */
export function parseDecimal(text: string, shown: string): ParsedDecimal {
  let s = canonicalText(text).replace(/\u2212/g, '-');
  if (/[%‰]$/.test(s)) return { ok: false, reason: `${shown} 是百分数，此处应填写数字（不带%）` };
  const negative = s.startsWith('-');
  if (negative || s.startsWith('+')) s = s.slice(1);
  let exponent = 0;
  for (const [suffix, power] of MULTIPLIERS) {
    if (s.endsWith(suffix) && /\d$/.test(s.slice(0, -suffix.length))) {
      s = s.slice(0, -suffix.length);
      exponent = power;
      break;
    }
  }
  // A Chinese IME types 。 for the decimal point.
  s = s.replace(/(\d)。(?=\d)/g, '$1.');
  const m = DECIMAL.exec(s);
  if (!m || (m[1] === undefined && !m[3])) return { ok: false, reason: explain(s, shown) };
  const integer = (m[1] ?? '').replace(/[^\d]/g, '');
  const fraction = m[3] ?? '';
  const digits = `${integer}${fraction}`.replace(/^0+(?=\d)/, '');
  return { ok: true, parts: { negative, digits, exponent: exponent - fraction.length } };
}

function explain(s: string, shown: string): string {
  if (/^[\d,]+(\.\d*)?$/.test(s) && s.includes(',')) {
    return `${shown} 的千位分隔符位置不对，应每三位一组，如1,234；小数点请用"."`;
  }
  const words = s.replace(/[\d\s.,+-]/g, '');
  if (/\d/.test(s) && words !== '' && !/[.,]{2}/.test(s)) return `${shown} 含有文字"${words}"，请只填写数字`;
  return `${shown} 不是有效数字`;
}

/** The nearest double to the exact decimal, with an extra power of ten applied (for 12% → 0.12). */
export function decimalToNumber(parts: DecimalParts, extraExponent = 0): number {
  const value = Number(`${parts.digits || '0'}e${parts.exponent + extraExponent}`);
  return parts.negative && value !== 0 ? -value : value;
}

/** x·10^k computed through the decimal string, so 12.3 → 0.123 exactly as if typed. */
export function scaleByPowerOfTen(x: number, k: number): number {
  const [mantissa, exp = '0'] = x.toExponential().split('e');
  const value = Number(`${mantissa}e${Number(exp) + k}`);
  return value === 0 ? 0 : value;
}

export function normalizeNumber(input: unknown): Normalized<number> {
  const cell = readInput(input);
  switch (cell.kind) {
    case 'blank':
      return accept(null);
    case 'number':
      return accept(cell.value === 0 ? 0 : cell.value);
    case 'boolean':
      return reject(`${quote(input)} 是逻辑值，不是数字，请填写数字`);
    case 'date':
      return reject('单元格是日期，此处应填写数字');
    case 'invalid':
      return reject(cell.reason);
    case 'text': {
      const parsed = parseDecimal(cell.text, quote(cell.text));
      if (!parsed.ok) return reject(parsed.reason);
      const value = decimalToNumber(parsed.parts);
      return Number.isFinite(value) ? accept(value) : reject(`${quote(cell.text)} 数值过大`);
    }
  }
}

/** A count (个数, 条数, 家数): a whole number, not negative. */
export function normalizeCount(input: unknown): Normalized<number> {
  const result = normalizeNumber(input);
  if (!result.ok || result.value === null) return result;
  const shown = typeof input === 'string' ? quote(input) : quote(result.value);
  if (!Number.isInteger(result.value)) return reject(`${shown} 不是整数，此处应填写整数`);
  if (result.value < 0) return reject(`${shown} 是负数，此处应填写不小于0的整数`);
  if (!Number.isSafeInteger(result.value)) return reject(`${shown} 数值过大`);
  return result;
}
