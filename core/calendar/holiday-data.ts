/**
 * The State Council holiday schedule as published in the `chinese-days` package.
 *
 * We read the package's JSON data rather than calling its functions: its `isWorkday` silently
 * falls back to a weekday guess for years it has no data for, and it builds its tables through
 * local time, so it is off by a day west of UTC.
 *
 * The path is relative on purpose: esbuild then inlines the JSON into every bundle (the add-in's
 * browser bundle and the CLI, which marks bare package imports external and, targeting node20,
 * would drop the `with { type: 'json' }` attribute that Node needs). Unbundled runs (vitest, tsx)
 * read it from node_modules at the repository root.
 */
import data from '../../node_modules/chinese-days/dist/chinese-days.json' with { type: 'json' };

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
