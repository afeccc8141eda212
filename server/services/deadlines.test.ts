import { describe, expect, it } from 'vitest';
import { addCalendarMonths, rightsRequestDueAt } from './deadlines.ts';

describe('rightsRequestDueAt', () => {
  it.each([
    ['2026-03-15T10:00:00Z', '2026-04-15T21:59:59.999Z', 'the same date next month, end of the Oslo day (summer time)'],
    ['2026-01-31T12:00:00Z', '2026-02-28T22:59:59.999Z', 'the last day of a shorter month'],
    ['2028-01-31T12:00:00Z', '2028-02-29T22:59:59.999Z', 'the 29th of February in a leap year'],
    ['2026-12-31T09:00:00Z', '2027-01-31T22:59:59.999Z', 'into the next year'],
    ['2026-01-31T23:30:00Z', '2026-03-01T22:59:59.999Z', 'the Oslo date of receipt, not the UTC one (00:30 on 1 February)'],
    ['2026-05-31T08:00:00Z', '2026-06-30T21:59:59.999Z', '31 May to 30 June'],
  ])('counts one month from %s to %s: %s', (received, due) => {
    expect(rightsRequestDueAt(new Date(received)).toISOString()).toBe(due);
  });

  it('uses the given time zone', () => {
    expect(rightsRequestDueAt(new Date('2026-01-31T23:30:00Z'), { timeZone: 'UTC' }).toISOString()).toBe('2026-02-28T23:59:59.999Z');
  });
});

describe('addCalendarMonths', () => {
  it('clamps to the end of the month and crosses years both ways', () => {
    expect(addCalendarMonths({ year: 2026, month: 3, day: 31 }, 1)).toEqual({ year: 2026, month: 4, day: 30 });
    expect(addCalendarMonths({ year: 2026, month: 11, day: 30 }, 3)).toEqual({ year: 2027, month: 2, day: 28 });
    expect(addCalendarMonths({ year: 2026, month: 1, day: 15 }, -1)).toEqual({ year: 2025, month: 12, day: 15 });
  });
});
