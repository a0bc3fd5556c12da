import { localClock, localTimestamp } from '../schedule/local-time.js';

/**
 * The office works on China time whatever the server's zone is: a file received at 07:30 UTC on
 * the deadline is received at 15:30 that day in the office, and one at 17:00 UTC is the next day.
 */
export const OFFICE_TIME_ZONE = 'Asia/Shanghai';

/** The office's calendar date of an instant (ISO timestamp). */
export const officeDate = (iso: string, timeZone = OFFICE_TIME_ZONE): string =>
  localClock(new Date(iso), timeZone).date;

/** The office's date and time of an instant, `YYYY-MM-DD HH:MM`. */
export function officeDateTime(iso: string, timeZone = OFFICE_TIME_ZONE): string {
  const clock = localClock(new Date(iso), timeZone);
  return `${clock.date} ${clock.time}`;
}

const STATED = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A time the office states (`2026-10-09 15:30`, `2026-10-09`, or ISO with a zone) as an instant.
 * Without a zone it is office time; a date alone is the start of that day. Null when unreadable.
 */
export function parseOfficeTime(text: string, timeZone = OFFICE_TIME_ZONE): string | null {
  const trimmed = text.trim();
  const m = STATED.exec(trimmed);
  if (m) {
    const [, date, h = '0', min = '00', s = '00'] = m;
    if (Number(h) > 23) return null;
    // The zone's UTC offset on that day (`+08:00` for China), from the zone's own rules.
    const noon = Date.parse(`${date}T12:00:00Z`);
    if (Number.isNaN(noon)) return null;
    const offset = localTimestamp(new Date(noon), timeZone).slice(-6);
    const t = Date.parse(`${date}T${h.padStart(2, '0')}:${min}:${s.padStart(2, '0')}${offset}`);
    // Date.parse rolls 2026-02-30 over to March: a date that is not a real day is refused.
    return Number.isNaN(t) || officeDate(new Date(t).toISOString(), timeZone) !== date
      ? null
      : new Date(t).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    const t = Date.parse(trimmed);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  return null;
}
