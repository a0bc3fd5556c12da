import { nextPeriod, parsePeriod } from '../calendar/period.js';
import { planCalendar } from './calendar.js';
import type { Plan } from './model.js';

/** The return deadline of a period: the Nth working day (plan setting) of the month after it. */
export function returnDeadline(plan: Plan, period: string): string {
  const { year, month } = parsePeriod(nextPeriod(period));
  return planCalendar(plan).nthWorkingDayOfMonth(year, month, plan.settings.returnDeadlineWorkingDay);
}

/** The rectification deadline (限期整改) a document dated `date` sets: N working days after it. */
export const rectificationDeadline = (plan: Plan, date: string): string =>
  planCalendar(plan).addWorkingDays(date, plan.settings.rectificationWorkingDays);
