import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { nb } from './nb.ts';

// Counts a DPO reads every day: "1 dager igjen" is the kind of slip that makes a tool look careless.
describe('counts in words', () => {
  it('say one in the singular and more in the plural, in both languages', () => {
    expect([nb.requests.daysLeft(1), nb.requests.daysLeft(3), nb.requests.overdue(1), nb.consents.results(1), nb.consents.results(2)]).toEqual([
      '1 dag igjen', '3 dager igjen', '1 dag over fristen', '1 oppføring', '2 oppføringer',
    ]);
    expect([en.requests.daysLeft(1), en.requests.daysLeft(3), en.requests.overdue(1), en.consents.results(1), en.consents.results(2)]).toEqual([
      '1 day left', '3 days left', '1 day overdue', '1 record', '2 records',
    ]);
  });
});
