import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CalendarError, dayNumberToIso, libraryCalendar, ymdToDayNumber } from '../core/calendar/index.js';

// The State Council schedule alone; the office's rows are tested in calendar-office.test.ts.
const {
  addWorkingDays,
  holidayName,
  isCovered,
  isWithinWorkingDays,
  isWorkingDay,
  lastWorkingDayOfMonth,
  nthWorkingDayOfMonth,
  workingDaysBetween,
  workingDaysOfMonth,
} = libraryCalendar();
const coveredYears = () => libraryCalendar().coverage();

function range(from: string, to: string): string[] {
  const start = ymdToDayNumber(+from.slice(0, 4), +from.slice(5, 7), +from.slice(8, 10));
  const end = ymdToDayNumber(+to.slice(0, 4), +to.slice(5, 7), +to.slice(8, 10));
  const out: string[] = [];
  for (let d = start; d <= end; d++) out.push(dayNumberToIso(d));
  return out;
}

describe('2024 holiday schedule', () => {
  it('Spring Festival 2024-02-10..17 is off, 2024-02-04 and 2024-02-18 (Sundays) are adjusted workdays', () => {
    for (const d of range('2024-02-10', '2024-02-17')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2024-02-04')).toBe(true);
    expect(isWorkingDay('2024-02-18')).toBe(true);
    expect(isWorkingDay('2024-02-09')).toBe(true);
    expect(holidayName('2024-02-12')).toBe('春节');
  });

  it('National Day 2024-10-01..07 is off, 2024-09-29 and 2024-10-12 are workdays', () => {
    for (const d of range('2024-10-01', '2024-10-07')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2024-09-29')).toBe(true);
    expect(isWorkingDay('2024-10-12')).toBe(true);
    expect(isWorkingDay('2024-10-13')).toBe(false);
  });

  it('May Day 2024-05-01..05 is off, 2024-04-28 and 2024-05-11 are workdays', () => {
    for (const d of range('2024-05-01', '2024-05-05')) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2024-04-28')).toBe(true);
    expect(isWorkingDay('2024-05-11')).toBe(true);
  });

  it('ordinary weekdays work and ordinary weekends do not', () => {
    expect(isWorkingDay('2024-06-05')).toBe(true); // Wednesday
    expect(isWorkingDay('2024-06-08')).toBe(false); // Saturday
    expect(holidayName('2024-06-08')).toBeNull();
    expect(holidayName('2024-06-05')).toBeNull();
  });

  it('2024 has 251 working days, as the State Council schedule implies', () => {
    expect(workingDaysBetween('2023-12-31', '2024-12-31')).toBe(251);
  });

  it('agrees with chinese-days itself on every covered day', async () => {
    // chinese-days reads dates through local time and is only right in its home time zone (it is
    // off by a day west of UTC), which is why core/calendar reads its data instead of calling it.
    // It builds its tables at load time, so load it only once the time zone is set.
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const { default: chineseDays } = await import('chinese-days');
      const { first, last } = coveredYears();
      for (const d of range(`${first}-01-01`, `${last}-12-24`)) {
        if (isWorkingDay(d) !== chineseDays.isWorkday(d)) throw new Error(`mismatch on ${d}`);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('working-day arithmetic', () => {
  it('the 5th working day of June 2024 is 2024-06-07 (June 1–2 is a weekend)', () => {
    expect(nthWorkingDayOfMonth(2024, 6, 5)).toBe('2024-06-07');
  });

  it('the Nth working day skips holidays and counts adjusted workdays', () => {
    // October 2024: 1–7 off, 8 (Tue) is the first working day; 12 (Sat) is an adjusted workday.
    expect(nthWorkingDayOfMonth(2024, 10, 1)).toBe('2024-10-08');
    expect(nthWorkingDayOfMonth(2024, 10, 5)).toBe('2024-10-12');
    expect(nthWorkingDayOfMonth(2024, 2, 1)).toBe('2024-02-01');
  });

  it('asking for more working days than a month has is an error', () => {
    const count = workingDaysOfMonth(2024, 2).length;
    expect(() => nthWorkingDayOfMonth(2024, 2, count + 1)).toThrow(`只有${count}个工作日`);
    expect(nthWorkingDayOfMonth(2024, 2, count)).toBe(lastWorkingDayOfMonth(2024, 2));
  });

  it('last working day of a month', () => {
    expect(lastWorkingDayOfMonth(2024, 9)).toBe('2024-09-30');
    expect(lastWorkingDayOfMonth(2024, 6)).toBe('2024-06-28');
  });

  it('addWorkingDays: n = 0 is the date itself or the next working day; n ≥ 1 counts days after', () => {
    expect(addWorkingDays('2024-06-05', 0)).toBe('2024-06-05');
    expect(addWorkingDays('2024-10-01', 0)).toBe('2024-10-08');
    expect(addWorkingDays('2024-06-05', 1)).toBe('2024-06-06');
    // Friday 2024-09-27: Saturday 9-28 off, Sunday 9-29 is an adjusted workday.
    expect(addWorkingDays('2024-09-27', 1)).toBe('2024-09-29');
    // A decision on 2024-09-30 must be published within 7 working days: 10-8, 9, 10, 11, 12, 14, 15.
    expect(addWorkingDays('2024-09-30', 7)).toBe('2024-10-15');
    expect(isWithinWorkingDays('2024-09-30', '2024-10-15', 7)).toBe(true);
    expect(isWithinWorkingDays('2024-09-30', '2024-10-16', 7)).toBe(false);
  });

  it('workingDaysBetween counts (from, to] and is antisymmetric', () => {
    expect(workingDaysBetween('2024-06-05', '2024-06-05')).toBe(0);
    // Friday 6-7 → Tuesday 6-11 over a weekend and 端午 (Monday 6-10).
    expect(workingDaysBetween('2024-06-07', '2024-06-11')).toBe(1);
    expect(workingDaysBetween('2024-06-11', '2024-06-07')).toBe(-1);
    expect(workingDaysBetween('2024-06-07', '2024-06-10')).toBe(0);
    expect(workingDaysBetween('2024-09-30', '2024-10-07')).toBe(0);
  });

  const coveredDate = fc
    // Up to 40 working days later must stay clear of the last covered year's late December.
    .integer({
      min: ymdToDayNumber(coveredYears().first, 1, 1),
      max: ymdToDayNumber(coveredYears().last, 9, 30),
    })
    .map(dayNumberToIso);

  it('property: workingDaysBetween(d, addWorkingDays(d, n)) = n and the result is a working day', () => {
    fc.assert(
      fc.property(coveredDate, fc.integer({ min: 0, max: 40 }), (d, n) => {
        const target = addWorkingDays(d, n);
        expect(isWorkingDay(target)).toBe(true);
        expect(target >= d).toBe(true);
        if (n >= 1) expect(workingDaysBetween(d, target)).toBe(n);
        else expect(workingDaysBetween(d, target)).toBe(isWorkingDay(d) ? 0 : 1);
      }),
    );
  });

  it('property: workingDaysBetween is antisymmetric', () => {
    fc.assert(
      fc.property(coveredDate, coveredDate, (a, b) => {
        expect(workingDaysBetween(a, b)).toBe(0 - workingDaysBetween(b, a));
      }),
      { numRuns: 50 },
    );
  });

  it('rejects bad arguments with Chinese messages', () => {
    expect(() => isWorkingDay('2024-02-30')).toThrow(CalendarError);
    expect(() => isWorkingDay('2024/5/1')).toThrow('不是有效日期');
    // Negative counts go back: the working day before May Day 2024 is Tuesday 04-30.
    expect(addWorkingDays('2024-05-01', -1)).toBe('2024-04-30');
    expect(() => addWorkingDays('2024-05-01', 1.5)).toThrow(CalendarError);
    expect(() => nthWorkingDayOfMonth(2024, 13, 1)).toThrow('2024年13月不是有效月份');
    expect(() => nthWorkingDayOfMonth(2024, 5, 0)).toThrow(CalendarError);
  });
});

describe('coverage', () => {
  it('is derived from the package data and contiguous around 2024', () => {
    const { first, last, years } = coveredYears();
    expect(years).toContain(2024);
    expect(first).toBe(years[0]);
    expect(last).toBe(years[years.length - 1]);
    expect(years.length).toBeGreaterThan(10);
  });

  it('a date in an uncovered year is an error naming the covered years and the date, never a weekday guess', () => {
    const { first, last } = coveredYears();
    const after = `${last + 1}-01-04`;
    const before = `${first - 1}-06-02`;
    for (const d of [after, before]) {
      expect(isCovered(d)).toBe(false);
      expect(() => isWorkingDay(d)).toThrow(CalendarError);
      expect(() => isWorkingDay(d)).toThrow(
        `无法确定${d}是否为工作日：chinese-days 日历数据只覆盖${first}—${last}年`,
      );
      expect(() => isWorkingDay(d)).toThrow('“节假日”工作表');
    }
    // Counting forward off the end of the data fails instead of guessing.
    expect(() => addWorkingDays(`${last}-11-20`, 60)).toThrow(CalendarError);
    expect(() => workingDaysBetween(`${last}-06-01`, `${last + 1}-02-01`)).toThrow(CalendarError);
    expect(() => nthWorkingDayOfMonth(last + 1, 1, 1)).toThrow(CalendarError);
  });

  it("late December waits for the next year's schedule (New Year breaks reach back, e.g. 2018-12-29)", () => {
    const { last } = coveredYears();
    expect(isWorkingDay('2018-12-29')).toBe(true); // Saturday, adjusted workday for 元旦 2019
    expect(isWorkingDay('2018-12-31')).toBe(false);
    expect(isCovered(`${last}-12-20`)).toBe(true);
    expect(() => isWorkingDay(`${last}-12-28`)).toThrow(`${last + 1}年元旦`);
    expect(() => lastWorkingDayOfMonth(last, 12)).toThrow(CalendarError);
    expect(nthWorkingDayOfMonth(last, 12, 1)).toMatch(new RegExp(`^${last}-12-0`));
  });
});

describe('bundling', () => {
  const bundleDirs: string[] = [];
  afterAll(() => bundleDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const root = fileURLToPath(new URL('..', import.meta.url));

  async function bundleAndImport(options: {
    platform: 'browser' | 'node';
    packages?: 'external';
    target?: string;
  }) {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['core/calendar/index.ts'],
      bundle: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
      ...options,
    });
    // Run the bundle from outside the repository, as an installed CLI or a served add-in would.
    const dir = mkdtempSync(join(tmpdir(), 'calendar-bundle-'));
    bundleDirs.push(dir);
    const file = join(dir, 'calendar.mjs');
    writeFileSync(file, result.outputFiles[0].text);
    return (await import(pathToFileURL(file).href)) as typeof import('../core/calendar/index.js');
  }

  it('bundles for the browser (the add-in) and runs from the bundle', async () => {
    const bundled = await bundleAndImport({ platform: 'browser' });
    expect(bundled.libraryCalendar().isWorkingDay('2024-02-18')).toBe(true);
    expect(bundled.libraryCalendar().nthWorkingDayOfMonth(2024, 6, 5)).toBe('2024-06-07');
    expect(bundled.libraryCalendar().coverage()).toEqual(coveredYears());
  });

  it('bundles like the CLI (node20, packages external) with the holiday data inlined', async () => {
    const bundled = await bundleAndImport({ platform: 'node', packages: 'external', target: 'node20' });
    expect(bundled.libraryCalendar().isWorkingDay('2024-10-12')).toBe(true);
    expect(bundled.libraryCalendar().coverage()).toEqual(coveredYears());
  });
});
