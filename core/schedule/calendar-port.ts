/**
 * The three working-day questions the schedule asks. The schedule takes them as a parameter so the
 * tests and the reporter hand in the real calendar (core/calendar) and nothing here decides what a
 * working day is.
 */
export interface WorkdayCalendar {
  isWorkingDay(date: string): boolean;
  /**
   * `n` working days after (n > 0) or before (n < 0) `date`, `date` itself not counted; for n = 0,
   * `date` if it is a working day, else the next working day.
   */
  addWorkingDays(date: string, n: number): string;
  /** The nth (1-based) working day of the month. */
  nthWorkingDayOfMonth(year: number, month: number, n: number): string;
}
