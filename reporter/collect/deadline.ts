import { nextPeriod, nthWorkingDayOfMonth, parsePeriod } from '../../core/calendar/index.js';
import type { Plan } from '../../core/plan/model.js';

/** The return deadline of a period: the Nth working day of the next month (plan setting). */
export function returnDeadline(plan: Plan, period: string): string {
  const next = parsePeriod(nextPeriod(period));
  return nthWorkingDayOfMonth(next.year, next.month, plan.settings.returnDeadlineWorkingDay);
}

/** The office's local calendar date of an ISO timestamp. */
export function localDate(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function localDateTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${localDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const isOnTime = (receivedAt: string, deadline: string): boolean => localDate(receivedAt) <= deadline;
