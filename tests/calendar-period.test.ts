import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  chineseDate,
  formatPeriod,
  nextPeriod,
  normalizePeriod,
  parsePeriod,
  periodBounds,
  periodLabel,
  periodOfDate,
  previousPeriod,
} from '../core/calendar/index.js';

describe('periods', () => {
  it('bounds a period by its first and last day, leap Februaries and Decembers included', () => {
    expect(periodBounds('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(periodBounds('2023-02').end).toBe('2023-02-28');
    expect(periodBounds('2024-12')).toEqual({ start: '2024-12-01', end: '2024-12-31' });
    expect(() => periodBounds('2024-13')).toThrow(CalendarError);
  });

  it('writes dates the Chinese way, and leaves what is not a date as written', () => {
    expect(chineseDate('2024-06-07')).toBe('2024年6月7日');
    expect(chineseDate('2024-02-30')).toBe('2024-02-30');
  });

  it('parses YYYY-MM and the ways people type it', () => {
    expect(parsePeriod('2024-05')).toEqual({ year: 2024, month: 5 });
    for (const typed of [
      '2024-5',
      ' 2024-05 ',
      '2024/5',
      '2024.05',
      '2024年5月',
      '2024年05月',
      '2024 年 5 月',
    ]) {
      expect(normalizePeriod(typed), typed).toBe('2024-05');
    }
  });

  it('rejects bad periods with a Chinese message that shows the expected form', () => {
    for (const bad of [
      '2024-13',
      '2024-00',
      '2024',
      '24-05',
      '2024-05-01',
      '五月',
      '',
      '2024年5',
      '2024-5月',
    ]) {
      expect(() => parsePeriod(bad), bad).toThrow(CalendarError);
      expect(() => parsePeriod(bad), bad).toThrow(`"${bad}"不是有效的期次，应写作YYYY-MM，如2024-05`);
    }
  });

  it('labels, next and previous', () => {
    expect(periodLabel('2024-05')).toBe('2024年5月');
    expect(periodLabel('2024-12')).toBe('2024年12月');
    expect(nextPeriod('2024-05')).toBe('2024-06');
    expect(nextPeriod('2024-12')).toBe('2025-01');
    expect(previousPeriod('2025-01')).toBe('2024-12');
    expect(periodOfDate('2024-05-31')).toBe('2024-05');
    expect(() => periodOfDate('2024-05-32')).toThrow(CalendarError);
  });

  it('property: next and previous are inverse and label round-trips through parsePeriod', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9998 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const p = formatPeriod(year, month);
        expect(previousPeriod(nextPeriod(p))).toBe(p);
        expect(nextPeriod(previousPeriod(p))).toBe(p);
        expect(normalizePeriod(periodLabel(p))).toBe(p);
        expect(nextPeriod(p) > p).toBe(true);
      }),
    );
  });
});
