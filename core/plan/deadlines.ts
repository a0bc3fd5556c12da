import { addWorkingDays, nextPeriod, nthWorkingDayOfMonth, parsePeriod } from '../calendar/index.js';
import type { Plan } from './model.js';

/** The return deadline of a period: the Nth working day (plan setting) of the month after it. */
export function returnDeadline(plan: Plan, period: string): string {
  const { year, month } = parsePeriod(nextPeriod(period));
  return nthWorkingDayOfMonth(year, month, plan.settings.returnDeadlineWorkingDay);
}

/** The rectification deadline (限期整改) a document dated `date` sets: N working days after it. */
export const rectificationDeadline = (plan: Plan, date: string): string =>
  addWorkingDays(date, plan.settings.rectificationWorkingDays);
