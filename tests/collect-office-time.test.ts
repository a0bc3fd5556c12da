import { describe, expect, it } from 'vitest';
import { officeDateTime } from '../core/calendar/office-time.js';
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
