import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  libraryCalendar,
  workingDayCalendar,
  type OfficeHoliday,
} from '../core/calendar/index.js';
import { builtInPlan } from '../core/plan/built-in.js';
import { holidaysForPeriod, planCalendar } from '../core/plan/calendar.js';
import { returnDeadline } from '../core/plan/deadlines.js';

/** The year after the last one chinese-days knows: its holidays are genuinely unknown to the library. */
const unknown = libraryCalendar().coverage().last + 1;
const y = String(unknown);

const off = (date: string, name: string): OfficeHoliday => ({ date, kind: 'off', name });
const work = (date: string, name = ''): OfficeHoliday => ({ date, kind: 'work', name });

/**
 * An office-typed notice for the unknown year: 元旦 on 01-01, a 春节 break of 02-06…02-14 with two
 * adjusted workdays, 国庆 10-01…10-07. The weekdays fall wherever that year puts them; the test only
 * relies on the rows.
 */
function notice(): OfficeHoliday[] {
  const rows: OfficeHoliday[] = [off(`${y}-01-01`, '元旦')];
  for (let d = 6; d <= 14; d++) rows.push(off(`${y}-02-${String(d).padStart(2, '0')}`, '春节'));
  rows.push(work(`${y}-02-05`, '春节'), work(`${y}-02-15`, '春节'));
  for (let d = 1; d <= 7; d++) rows.push(off(`${y}-10-0${d}`, '国庆节'));
  return rows;
}

describe("the office's 节假日 rows", () => {
  it('a year chinese-days lacks is refused, naming the date and telling the office to fill 节假日', () => {
    const calendar = workingDayCalendar([]);
    const error = (() => {
      try {
        calendar.isWorkingDay(`${y}-03-02`);
      } catch (e) {
        return e as CalendarError;
      }
    })();
    expect(error).toBeInstanceOf(CalendarError);
    expect(error!.missingYear).toBe(unknown);
    expect(error!.message).toContain(`无法确定${y}-03-02是否为工作日`);
    expect(error!.message).toContain(`plans/${y}.xlsx`);
    expect(error!.message).toContain('“节假日”工作表');
  });

  it('rows holding the year’s 春节 make the year known, and they decide their dates', () => {
    const calendar = workingDayCalendar(notice());
    expect(calendar.coverage().officeYears).toEqual([unknown]);
    expect(calendar.isWorkingDay(`${y}-02-09`)).toBe(false);
    expect(calendar.holidayName(`${y}-02-09`)).toBe('春节');
    expect(calendar.isWorkingDay(`${y}-02-05`)).toBe(true);
    expect(calendar.isWorkingDay(`${y}-02-15`)).toBe(true);
    expect(calendar.isWorkingDay(`${y}-10-01`)).toBe(false);
    // Dates the rows do not name follow the week.
    const march = calendar.workingDaysOfMonth(unknown, 3);
    expect(march.length).toBeGreaterThanOrEqual(20);
    expect(march.every((d) => calendar.isWorkingDay(d))).toBe(true);
  });

  it('rows without 春节 decide only their own dates: the rest of the year is still unknown', () => {
    const calendar = workingDayCalendar([off(`${y}-01-01`, '元旦')]);
    expect(calendar.isWorkingDay(`${y}-01-01`)).toBe(false);
    expect(() => calendar.isWorkingDay(`${y}-03-02`)).toThrow(CalendarError);
  });

  it('office rows win over chinese-days for a year the library knows', () => {
    const library = libraryCalendar();
    expect(library.isWorkingDay('2024-06-05')).toBe(true);
    const local = workingDayCalendar([off('2024-06-05', '本地放假'), work('2024-06-08', '本地上班')]);
    expect(local.isWorkingDay('2024-06-05')).toBe(false);
    expect(local.holidayName('2024-06-05')).toBe('本地放假');
    expect(local.isWorkingDay('2024-06-08')).toBe(true);
    expect(local.nthWorkingDayOfMonth(2024, 6, 3)).not.toBe(library.nthWorkingDayOfMonth(2024, 6, 3));
  });

  it("January–November of the last known year need nothing more; December's late days wait for the next year", () => {
    const last = unknown - 1;
    const calendar = workingDayCalendar([]);
    expect(calendar.nthWorkingDayOfMonth(last, 11, 5)).toMatch(new RegExp(`^${last}-11-`));
    expect(() => calendar.lastWorkingDayOfMonth(last, 12)).toThrow(`${unknown}年元旦`);
    expect(workingDayCalendar(notice()).lastWorkingDayOfMonth(last, 12)).toMatch(new RegExp(`^${last}-12-`));
  });

  it("a plan's calendar: its own rows, then the neighbouring plans' rows, own rows winning", () => {
    const plan = builtInPlan(2024)!;
    const next = { ...plan, year: unknown - 1, adjacentHolidays: notice() };
    // December of the last known year: its deadline is in January of the unknown year.
    expect(() => returnDeadline({ ...next, adjacentHolidays: [] }, `${unknown - 1}-12`)).toThrow(
      CalendarError,
    );
    expect(returnDeadline(next, `${unknown - 1}-12`)).toMatch(new RegExp(`^${y}-01-`));
    const own = { ...next, holidays: [work(`${y}-01-01`, '本地上班')] };
    expect(planCalendar(own).isWorkingDay(`${y}-01-01`)).toBe(true);
    expect(planCalendar(next).isWorkingDay(`${y}-01-01`)).toBe(false);
    // What an issued workbook carries for its pane: the period's year and the next.
    expect(holidaysForPeriod(own, `${unknown - 1}-12`).map((r) => r.date)).toContain(`${y}-02-09`);
    expect(holidaysForPeriod(own, `${unknown - 1}-12`).find((r) => r.date === `${y}-01-01`)?.kind).toBe(
      'work',
    );
  });

  it('a plan value is given one calendar, rebuilt when its rows are replaced', () => {
    const plan = { ...builtInPlan(2024)!, holidays: notice() };
    expect(planCalendar(plan)).toBe(planCalendar(plan));
    const changed = { ...plan, holidays: [] };
    expect(planCalendar(changed)).not.toBe(planCalendar(plan));
  });
});
