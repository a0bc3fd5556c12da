import { localClock } from '../../core/schedule/local-time.js';

export { returnDeadline } from '../../core/plan/deadlines.js';

// The office works on China time whatever the server's zone is: a file received at 07:30 UTC on
// the deadline is received at 15:30 that day in the office, and one at 17:00 UTC is the next day.
const OFFICE_TIME_ZONE = 'Asia/Shanghai';

/** The office's calendar date of an ISO timestamp. */
export const localDate = (iso: string): string => localClock(new Date(iso), OFFICE_TIME_ZONE).date;

/** The office's date and time of an ISO timestamp, `YYYY-MM-DD HH:MM`. */
export function localDateTime(iso: string): string {
  const clock = localClock(new Date(iso), OFFICE_TIME_ZONE);
  return `${clock.date} ${clock.time}`;
}

/** Today in the office (a UTC server's date lags Beijing's by eight hours after 16:00 UTC). */
export const officeToday = (now: Date = new Date()): string => localClock(now, OFFICE_TIME_ZONE).date;

/** `YYYYMMDD-HHMMSS` in office time, for the names of backups and set-aside folders. */
export function officeStamp(now: Date = new Date()): string {
  const clock = localClock(now, OFFICE_TIME_ZONE);
  const seconds = String(now.getUTCSeconds()).padStart(2, '0');
  return `${clock.date.replace(/-/g, '')}-${clock.time.replace(':', '')}${seconds}`;
}

export const isOnTime = (receivedAt: string, deadline: string): boolean => localDate(receivedAt) <= deadline;
