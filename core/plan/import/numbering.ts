import { foldWidth } from '../../values/input.js';

/**
 * The numbering levels of Chinese official documents, highest first: 一、 · （一） · 1. / 1、 ·
 * （1）. Circled ① items are always sub-items inside a task's text.
 */
export type NumberingStyle = 'cn-dun' | 'cn-paren' | 'num-dot' | 'num-paren';

export const STYLE_RANK: readonly NumberingStyle[] = ['cn-dun', 'cn-paren', 'num-dot', 'num-paren'];

export interface Numbered {
  style: NumberingStyle;
  /** The number as an integer (一 → 1, 十二 → 12). */
  value: number;
  /** The numeral as written, without brackets or punctuation (`一`, `12`). */
  numeral: string;
  /** The paragraph after its number, trimmed. */
  rest: string;
}

const CN = '[一二三四五六七八九十百零〇]+';
// On width-folded text: （ → (, ． → ., and so on. A digit after the dot is a decimal (1.5倍), not
// a number; 1.2.3-style outline numbers are not used in these documents.
const PATTERNS: [NumberingStyle, RegExp][] = [
  ['cn-dun', new RegExp(`^(${CN})\\s*[、.]\\s*`)],
  ['cn-paren', new RegExp(`^[(〔]\\s*(${CN})\\s*[)〕]\\s*[、.]?\\s*`)],
  ['num-paren', /^[(]\s*(\d{1,3})\s*[)]\s*[、.]?\s*/],
  ['num-dot', /^(\d{1,3})\s*[.、](?!\d)\s*/],
];

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 一 → 1, 十 → 10, 十二 → 12, 二十三 → 23, 一百零五 → 105. */
export function chineseNumberValue(text: string): number {
  let total = 0;
  let digit = 0;
  for (const char of text) {
    if (char === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (char === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = DIGITS[char] ?? 0;
  }
  return total + digit;
}

const NUMERALS = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (up to 99, as sections go). */
export function chineseNumeral(value: number): string {
  if (value < 10) return NUMERALS[value];
  const tens = Math.floor(value / 10);
  const ones = value % 10;
  return `${tens === 1 ? '' : NUMERALS[tens]}十${ones ? NUMERALS[ones] : ''}`;
}

/** The paragraph's numbering, if it starts with one. Matching is width-insensitive. */
export function numberingOf(paragraph: string): Numbered | undefined {
  const folded = foldWidth(paragraph);
  for (const [style, pattern] of PATTERNS) {
    const match = pattern.exec(folded);
    if (!match) continue;
    const numeral = match[1];
    const value = /^\d+$/.test(numeral) ? Number(numeral) : chineseNumberValue(numeral);
    // 一是…, 二要… are run-in sub-items inside a paragraph, never headings: the pattern demands 、 or a
    // dot after the numeral, so they cannot match here.
    return { style, value, numeral, rest: paragraph.slice(match[0].length).trim() };
  }
  return undefined;
}
