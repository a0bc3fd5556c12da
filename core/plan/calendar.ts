import { workingDayCalendar, type OfficeHoliday, type WorkingDayCalendar } from '../calendar/working-days.js';
import type { Plan } from './model.js';

type CalendarSource = Pick<Plan, 'holidays' | 'adjacentHolidays'>;

const built = new WeakMap<
  CalendarSource,
  { own?: readonly OfficeHoliday[]; adjacent?: readonly OfficeHoliday[]; calendar: WorkingDayCalendar }
>();

/**
 * The office's rows a plan's dates are counted with: its own 节假日 sheet and, for dates those do not
 * name, the neighbouring years' plans (the office types a notice once, in the year it is about).
 */
export function officeHolidayRows(plan: CalendarSource): OfficeHoliday[] {
  const own = plan.holidays ?? [];
  const ownDates = new Set(own.map((r) => r.date));
  return [...(plan.adjacentHolidays ?? []).filter((r) => !ownDates.has(r.date)), ...own].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
}

/** The working-day calendar of a plan: chinese-days overridden by the office's rows. Built once per plan value. */
export function planCalendar(plan: CalendarSource): WorkingDayCalendar {
  const cached = built.get(plan);
  if (cached && cached.own === plan.holidays && cached.adjacent === plan.adjacentHolidays)
    return cached.calendar;
  const calendar = workingDayCalendar(officeHolidayRows(plan));
  built.set(plan, { own: plan.holidays, adjacent: plan.adjacentHolidays, calendar });
  return calendar;
}

/**
 * The rows an issued workbook carries for its pane: those of the period's year and the next (a
 * period's deadline and the weeks a unit may still be filling after it).
 */
export function holidaysForPeriod(plan: CalendarSource, period: string): OfficeHoliday[] {
  const year = Number(period.slice(0, 4));
  return officeHolidayRows(plan).filter((r) => {
    const y = Number(r.date.slice(0, 4));
    return y === year || y === year + 1;
  });
}
