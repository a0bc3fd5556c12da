import { daysInMonth, formatIsoDate } from '../../calendar/iso-date.js';
import { foldWidth } from '../../values/input.js';
import { chineseNumberValue } from './numbering.js';

/**
 * Deadlines as documents write them — `10月底前`, `2024年12月底前`, `6月30日前`, `年底前`,
 * `上半年`, `三季度末` — as dates: in the document's year where it writes none. Recurring dates
 * (`每月5日前`, `每季度末`) are not deadlines.
 */

export interface DeadlinePhrase {
  /** ISO date. */
  date: string;
  /** The phrase as written. */
  text: string;
  start: number;
  end: number;
}

const MONTH =
  /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底|末|中旬|上旬|下旬|份))?\s*(之前|以前|前|完成|内)?/g;
const HALF_OR_QUARTER =
  /(?:(\d{4})\s*年\s*)?(?:(上半年|下半年)|第?([一二三四1-4])季度)(?:末|底)?\s*(之前|以前|前|完成|内)?/g;
// `3年内` and `本年内` are spans, not the end of the plan year.
const YEAR_END =
  /(\d{4})\s*年\s*(?:年底|年末|底|末)\s*(?:之前|以前|前)?|(?<![\d一二三两四五六七八九十百本当])(?:年底|年末)\s*(?:之前|以前|前)?|(?<![\d一二三两四五六七八九十百本当])年内/g;
const RECURRING = /(?:(?:每|逐)个?(?:月|季度?|年|半年|周)|次月)[^，。；,;]{0,2}$/;

const lastDay = (year: number, month: number) => formatIsoDate(year, month, daysInMonth(year, month));

export function findDeadlines(text: string, year: number): DeadlinePhrase[] {
  const folded = foldWidth(text);
  const found: DeadlinePhrase[] = [];
  const yearOf = (written: string | undefined) => (written ? Number(written) : year);
  const recurring = (at: number) => RECURRING.test(folded.slice(Math.max(0, at - 4), at));
  const add = (start: number, end: number, date: string | undefined) => {
    if (!date || recurring(start) || found.some((f) => start < f.end && f.start < end)) return;
    found.push({ date, text: text.slice(start, end).trim(), start, end });
  };

  for (const m of folded.matchAll(MONTH)) {
    const [, written, monthText, dayText, part, before] = m;
    const month = Number(monthText);
    // A bare `3月` (每年3月, 3月份开展) is no deadline: it needs 前/完成, or 底/末 of the month.
    if (month < 1 || month > 12 || !(before || part === '底' || part === '末')) continue;
    // `2023年平均值` and `2024年版` have no month; a date after 第 or inside 〔〕 is a reference.
    if (/第|〔$/.test(folded.slice(Math.max(0, m.index - 1), m.index))) continue;
    const y = yearOf(written);
    let date: string | undefined;
    if (dayText) {
      const day = Number(dayText);
      date = day >= 1 && day <= daysInMonth(y, month) ? formatIsoDate(y, month, day) : undefined;
    } else if (part === '上旬') date = formatIsoDate(y, month, 10);
    else if (part === '中旬') date = formatIsoDate(y, month, 20);
    else date = lastDay(y, month);
    add(m.index, m.index + m[0].length, date);
  }
  for (const m of folded.matchAll(HALF_OR_QUARTER)) {
    const [, written, half, quarter] = m;
    const y = yearOf(written);
    const q = quarter ? (/\d/.test(quarter) ? Number(quarter) : chineseNumberValue(quarter)) : 0;
    const month = half ? (half === '上半年' ? 6 : 12) : q * 3;
    add(m.index, m.index + m[0].length, lastDay(y, month));
  }
  for (const m of folded.matchAll(YEAR_END)) {
    const written = m[1];
    add(m.index, m.index + m[0].length, lastDay(yearOf(written), 12));
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The deadline a 完成时限 cell or clause states, if it states one (not 长期坚持, 持续推进, 全年). */
export function deadlineOf(text: string, year: number): DeadlinePhrase | undefined {
  const found = findDeadlines(text, year);
  if (found.length > 0) return found[found.length - 1];
  // A bare `12月` or `2024年12月` in a deadline column means by the end of that month.
  const bare = /^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:份)?(?:底|末)?$/.exec(foldWidth(text).trim());
  if (!bare || Number(bare[2]) < 1 || Number(bare[2]) > 12) return undefined;
  const y = bare[1] ? Number(bare[1]) : year;
  return { date: lastDay(y, Number(bare[2])), text: text.trim(), start: 0, end: text.length };
}

/** Words in a 完成时限 cell that mean "no single date": not worth a review note. */
export const ONGOING = /长期|持续|全年|常态|每月|每季|逐月|按月|按季|按年|定期|适时|年度内?持续/;
