import { chineseDate as plainDate, chineseDateWithWeekday } from '../../core/calendar/index.js';

export { returnDeadline } from '../../core/plan/deadlines.js';

/** `2024-06-07` → `2024年6月7日`, or `2024年6月7日（星期五）` with the weekday. */
export const chineseDate = (iso: string, withWeekday = false): string =>
  withWeekday ? chineseDateWithWeekday(iso) : plainDate(iso);
