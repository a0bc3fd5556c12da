import { officeDate, OFFICE_TIME_ZONE } from '../../core/calendar/office-time.js';
import { localClock } from '../../core/schedule/local-time.js';

export { returnDeadline } from '../../core/plan/deadlines.js';

/**
 * Today in the office (a UTC server's date lags Beijing's by eight hours after 16:00 UTC), in the
 * plan's zone where a plan is at hand (planTimeZone).
 */
export const officeToday = (now: Date = new Date(), timeZone = OFFICE_TIME_ZONE): string =>
  officeDate(now.toISOString(), timeZone);

/** `YYYYMMDD-HHMMSS` in office time, for the names of backups and set-aside folders. */
export function officeStamp(now: Date = new Date()): string {
  const clock = localClock(now, OFFICE_TIME_ZONE);
  const seconds = String(now.getUTCSeconds()).padStart(2, '0');
  return `${clock.date.replace(/-/g, '')}-${clock.time.replace(':', '')}${seconds}`;
}
