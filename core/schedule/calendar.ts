/** The schedule's working-day questions answered by the State Council calendar (core/calendar). */
import {
  addWorkingDays,
  dayNumberToIso,
  isWorkingDay,
  nthWorkingDayOfMonth,
  parseIsoDate,
  ymdToDayNumber,
} from '../calendar/index.js';
import type { WorkdayCalendar } from './calendar-port.js';

function workingDaysBefore(date: string, n: number): string {
  const ymd = parseIsoDate(date);
  if (!ymd) return addWorkingDays(date, 0); // lets the calendar report the malformed date
  let day = ymdToDayNumber(ymd.year, ymd.month, ymd.day);
  let remaining = n;
  while (remaining > 0) {
    day--;
    if (isWorkingDay(dayNumberToIso(day))) remaining--;
  }
  return dayNumberToIso(day);
}

export const chinaWorkdayCalendar: WorkdayCalendar = {
  isWorkingDay,
  nthWorkingDayOfMonth,
  // core/calendar counts forward only; "N working days before the deadline" counts back the same way.
  addWorkingDays: (date, n) => (n >= 0 ? addWorkingDays(date, n) : workingDaysBefore(date, -n)),
};
