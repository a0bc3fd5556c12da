/**
 * The State Council holiday schedule as published in the `chinese-days` package.
 *
 * We read the package's JSON data rather than calling its functions: its `isWorkday` silently
 * falls back to a weekday guess for years it has no data for, and it parses dates through local
 * time. Importing the JSON works the same in Node ESM (JSON module) and in esbuild bundles.
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

interface ChineseDaysData {
  /** Official days off, `YYYY-MM-DD` → `English name,中文名,length`. */
  holidays: Record<string, string>;
  /** Adjusted workdays (调休上班), usually weekends. */
  workdays: Record<string, string>;
}

export interface HolidaySchedule {
  holidays: ReadonlyMap<string, string>;
  adjustedWorkdays: ReadonlyMap<string, string>;
  /** Years the schedule has any entry for, ascending. */
  years: readonly number[];
}

function chineseName(entry: string): string {
  // Entries look like "Spring Festival,春节,3"; fall back to the whole entry if the format changes.
  const parts = entry.split(',');
  return parts.length >= 2 ? parts[1] : entry;
}

export function buildSchedule(raw: ChineseDaysData): HolidaySchedule {
  const holidays = new Map(Object.entries(raw.holidays).map(([d, e]) => [d, chineseName(e)]));
  const adjustedWorkdays = new Map(Object.entries(raw.workdays).map(([d, e]) => [d, chineseName(e)]));
  // A year counts as known only if the schedule lists its 春节: every year's announcement has it,
  // while a stray entry such as 12-31 of a New Year break belongs to the next year's announcement.
  const springFestivalDates = [...holidays].filter(([, name]) => name === '春节').map(([d]) => d);
  const years = [...new Set(springFestivalDates.map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
  return { holidays, adjustedWorkdays, years };
}

let cached: HolidaySchedule | undefined;

export function holidaySchedule(): HolidaySchedule {
  cached ??= buildSchedule(data as ChineseDaysData);
  return cached;
}
