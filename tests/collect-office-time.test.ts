import { describe, expect, it } from 'vitest';
import { officeDateTime, parseOfficeTime } from '../core/calendar/office-time.js';
import { DEFAULT_SCHEDULE } from '../core/schedule/model.js';
import { isOnTime } from '../core/exceptions/decide.js';
import { officeStamp, officeToday } from '../reporter/collect/deadline.js';

// The office is on China time whatever zone the server runs in (servers are often UTC).
describe('office time', () => {
  it('today turns over at 16:00 UTC, midnight in Beijing', () => {
    expect(officeToday(new Date('2024-06-06T15:59:59Z'))).toBe('2024-06-06');
    expect(officeToday(new Date('2024-06-06T16:00:00Z'))).toBe('2024-06-07');
  });

  it('stamps backups with the office clock, seconds included', () => {
    expect(officeStamp(new Date('2024-12-31T17:05:09Z'))).toBe('20250101-010509');
  });

  it('a file received late in the UTC evening of the deadline is late in the office', () => {
    expect(officeDateTime('2024-06-07T15:30:00Z')).toBe('2024-06-07 23:30');
    expect(isOnTime('2024-06-07T15:30:00Z', '2024-06-07')).toBe(true);
    expect(isOnTime('2024-06-07T16:30:00Z', '2024-06-07')).toBe(false);
  });
});

describe('the office time zone', () => {
  it('is one setting: the schedule default, and the zone a stated time is read in', () => {
    expect(DEFAULT_SCHEDULE.timeZone).toBe('Asia/Shanghai');
    expect(parseOfficeTime('2026-10-09 15:30')).toBe('2026-10-09T07:30:00.000Z');
    // A plan's own zone (日程 时区) gives that zone's offset, not a fixed +08:00.
    expect(parseOfficeTime('2026-10-09 15:30', 'Asia/Urumqi')).toBe('2026-10-09T09:30:00.000Z');
    expect(parseOfficeTime('2026-10-09', 'UTC')).toBe('2026-10-09T00:00:00.000Z');
    expect(officeDateTime('2026-10-09T18:30:00Z', 'UTC')).toBe('2026-10-09 18:30');
    expect(parseOfficeTime('2026-02-30 10:00', 'UTC')).toBeNull();
  });
});
