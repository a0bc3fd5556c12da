import { describe, expect, it } from 'vitest';
import { libraryCalendar } from '../core/calendar/index.js';
import { builtInPlan } from '../core/plan/built-in.js';

const chinaWorkdayCalendar = libraryCalendar();
const { isWorkingDay } = chinaWorkdayCalendar;
import { checkSchedule } from '../core/schedule/check.js';
import { localClock } from '../core/schedule/local-time.js';
import { DEFAULT_SCHEDULE, type ScheduleConfig } from '../core/schedule/model.js';
import {
  isDue,
  listing,
  openWindow,
  periodDates,
  plannedRuns,
  type ScheduleInputs,
} from '../core/schedule/runs.js';

function inputs(config: Partial<ScheduleConfig> = {}, returnDeadlineWorkingDay = 5): ScheduleInputs {
  return {
    year: 2024,
    returnDeadlineWorkingDay,
    config: { ...DEFAULT_SCHEDULE, ...config },
    calendar: chinaWorkdayCalendar,
  };
}

const runOf = (i: ScheduleInputs, key: string) => plannedRuns(i).find((r) => r.key === key)!;

describe('the plan year on the working-day calendar', () => {
  it('National Day: October 2024 is issued on 10-08, the first working day after the 10-01…10-07 break', () => {
    expect(runOf(inputs(), 'issue:2024-10').date).toBe('2024-10-08');
    // The 2nd working day moves with it, not to 10-02.
    expect(runOf(inputs({ issueWorkingDay: 2 }), 'issue:2024-10').date).toBe('2024-10-09');
  });

  it('September 2024 falls due on the adjusted Saturday 10-12 (调休上班), reminded two working days before', () => {
    const d = periodDates(inputs(), '2024-09');
    expect(d.deadline).toBe('2024-10-12');
    expect(isWorkingDay('2024-10-12')).toBe(true);
    expect(d.remind).toBe('2024-10-10');
    expect(d.window.from).toBe('2024-10-08'); // polling waits for the first working day of October
  });

  it('Spring Festival: January 2024 deadline counts the adjusted Sunday 02-04 and skips 02-10…02-17', () => {
    const d = periodDates(inputs(), '2024-01');
    expect(d.deadline).toBe('2024-02-06');
    expect(periodDates(inputs({ circularWorkingDaysAfterDeadline: 3 }), '2024-01').circular).toBe(
      '2024-02-09',
    );
    // One working day more jumps the whole holiday to the adjusted Sunday 02-18.
    expect(periodDates(inputs({ circularWorkingDaysAfterDeadline: 4 }), '2024-01').circular).toBe(
      '2024-02-18',
    );
    // Counting back from 02-06: 02-05, the adjusted Sunday 02-04, then Friday 02-02.
    expect(runOf(inputs({ remindWorkingDaysBefore: 3 }), 'remind:2024-01').date).toBe('2024-02-02');
  });

  it('every recorded run lands on a working day, with unique keys, in date order', () => {
    for (const config of [
      {},
      { issueMonth: 'previous' as const, issueWorkingDay: 2 },
      { remindWorkingDaysBefore: 0 },
    ]) {
      const runs = plannedRuns(inputs(config));
      expect(runs).toHaveLength(12 * 4 + 1);
      expect(new Set(runs.map((r) => r.key)).size).toBe(runs.length);
      for (const r of runs) expect(isWorkingDay(r.date), `${r.key} ${r.date}`).toBe(true);
      expect(runs.map((r) => r.date)).toEqual([...runs.map((r) => r.date)].sort());
    }
  });

  it('within a day the closing collect runs before the circular it feeds', () => {
    const runs = plannedRuns(inputs());
    for (const circular of runs.filter((r) => r.job === 'circular')) {
      const collect = runs.findIndex((r) => r.key === `collect:${circular.period}`);
      expect(runs[collect].date).toBe(circular.date);
      expect(collect).toBeLessThan(runs.indexOf(circular));
    }
  });

  it('issueMonth "previous" hands out the month that just ended, on the next month’s working day', () => {
    const i = inputs({ issueMonth: 'previous' });
    expect(runOf(i, 'issue:2024-09').date).toBe('2024-10-08');
    expect(runOf(i, 'issue:2024-12').date).toBe(chinaWorkdayCalendar.nthWorkingDayOfMonth(2025, 1, 1));
  });

  it('the year-end assessment is on its working day of the next January', () => {
    const run = runOf(inputs({ assessWorkingDayOfJanuary: 15 }), 'assess:2024');
    expect(run.date).toBe(chinaWorkdayCalendar.nthWorkingDayOfMonth(2025, 1, 15));
    expect(run.date > periodDates(inputs(), '2024-12').circular).toBe(true);
  });
});

describe('listing for schedule --plan', () => {
  it('is deterministic, filtered to the range, and shows each polling window once', () => {
    const a = listing(inputs(), '2024-01-01', '2024-12-31');
    expect(listing(inputs(), '2024-01-01', '2024-12-31')).toEqual(a);
    expect(a.every((l) => l.date >= '2024-01-01' && l.date <= '2024-12-31')).toBe(true);
    // December's reminder, circular and the assessment fall in 2025.
    expect(a.some((l) => l.key === 'circular:2024-12' || l.key === 'assess:2024')).toBe(false);
    expect(a.filter((l) => l.job === 'poll').map((l) => l.key)).toEqual(
      Array.from({ length: 11 }, (_, i) => `poll:2024-${String(i + 1).padStart(2, '0')}`),
    );
    for (const l of a) expect(l.description).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('the built-in 2024 plan lists the October issue on 2024-10-08', () => {
    const plan = builtInPlan(2024)!;
    const i = inputs({}, plan.settings.returnDeadlineWorkingDay);
    const lines = listing(i, '2024-10-01', '2024-10-31');
    expect(lines.find((l) => l.job === 'issue')).toMatchObject({ date: '2024-10-08', key: 'issue:2024-10' });
  });
});

describe('due, windows and clocks', () => {
  it('a run is due on its day from the daily time on, and on every later day', () => {
    const config = { ...DEFAULT_SCHEDULE, dailyTime: '09:00' };
    expect(isDue({ date: '2024-10-08' }, { date: '2024-10-08', time: '08:59' }, config)).toBe(false);
    expect(isDue({ date: '2024-10-08' }, { date: '2024-10-08', time: '09:00' }, config)).toBe(true);
    expect(isDue({ date: '2024-10-08' }, { date: '2024-10-07', time: '23:59' }, config)).toBe(false);
    expect(isDue({ date: '2024-10-08' }, { date: '2024-12-01', time: '00:00' }, config)).toBe(true);
    expect(
      isDue(
        { date: '2024-10-08' },
        { date: '2024-12-01', time: '10:00' },
        { ...config, startDate: '2024-11-01' },
      ),
    ).toBe(false);
  });

  it('at most one collection window is open on any day', () => {
    const i = inputs();
    for (
      let day = new Date('2024-01-01T00:00:00Z');
      day < new Date('2025-02-01T00:00:00Z');
      day.setUTCDate(day.getUTCDate() + 1)
    ) {
      const iso = day.toISOString().slice(0, 10);
      const open = Array.from(
        { length: 12 },
        (_, m) => periodDates(i, `2024-${String(m + 1).padStart(2, '0')}`).window,
      ).filter((w) => w.from <= iso && iso <= w.to);
      expect(open.length, iso).toBeLessThanOrEqual(1);
      expect(openWindow(i, iso)?.period).toBe(open[0]?.period);
    }
  });

  it('"today" is the office’s day in its time zone, not the server’s UTC day', () => {
    expect(localClock(new Date('2024-10-07T16:30:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2024-10-08',
      time: '00:30',
    });
    expect(localClock(new Date('2024-10-07T16:30:00Z'), 'UTC')).toEqual({
      date: '2024-10-07',
      time: '16:30',
    });
  });
});

describe('checkSchedule', () => {
  it('accepts the default and names the setting that is out of range or out of order', () => {
    expect(checkSchedule(inputs())).toEqual([]);
    expect(checkSchedule(inputs({ pollMinutes: 0 })).map((p) => p.field)).toEqual(['pollMinutes']);
    expect(checkSchedule(inputs({ dailyTime: '9点' })).map((p) => p.field)).toEqual(['dailyTime']);
    expect(checkSchedule(inputs({ timeZone: 'Mars/Olympus' })).map((p) => p.field)).toEqual(['timeZone']);
    expect(checkSchedule(inputs({ assessWorkingDayOfJanuary: 2 })).map((p) => p.field)).toEqual([
      'assessWorkingDayOfJanuary',
    ]);
    const late = checkSchedule(inputs({ issueMonth: 'previous', issueWorkingDay: 6 }));
    expect(late.length).toBeGreaterThan(0);
    expect(new Set(late.map((p) => p.field))).toEqual(
      new Set(['issueWorkingDay', 'remindWorkingDaysBefore']),
    );
  });

  it('looks only at the months the office runs, from 启用期间 on', () => {
    const config = { issueMonth: 'previous' as const, issueWorkingDay: 6 };
    const all = checkSchedule(inputs(config)).map((p) => p.message);
    expect(all.some((m) => m.startsWith('2024年3月'))).toBe(true);
    const fromSeptember = checkSchedule({ ...inputs(config), firstPeriod: '2024-09' }).map((p) => p.message);
    expect(fromSeptember.length).toBeGreaterThan(0);
    expect(fromSeptember.every((m) => /^2024年(9|10|11|12)月/.test(m))).toBe(true);
  });
});
