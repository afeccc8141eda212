import { describe, expect, it } from 'vitest';
import type { RightsStatus } from '../../protocol/index.ts';
import { canTransition, daysLeft, extension, type StaffTarget } from './request-workflow.ts';

const ALL: RightsStatus[] = ['awaiting-verification', 'verified', 'in-progress', 'completed', 'rejected', 'withdrawn', 'expired'];
const ALLOWED: Record<StaffTarget, RightsStatus[]> = { 'in-progress': ['verified'], completed: ['verified', 'in-progress'], rejected: ['verified', 'in-progress'] };

describe('staff transitions', () => {
  for (const to of Object.keys(ALLOWED) as StaffTarget[]) {
    for (const from of ALL) {
      const allowed = ALLOWED[to].includes(from);
      it(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, () => expect(canTransition(from, to)).toBe(allowed));
    }
  }
});

describe('extension', () => {
  const request = { status: 'verified' as const, receivedAt: '2025-01-31T10:00:00Z', dueAt: '2025-02-28T22:59:59.999Z' };

  it('adds up to two further calendar months from receipt, clamped at month end', () => {
    const two = extension(request, null, 2, new Date('2025-02-10T00:00:00Z'));
    // 31 January + 3 months = 30 April (no 31st), end of that day in Oslo (summer time, UTC+2).
    expect(two).toEqual({ ok: true, dueAt: new Date('2025-04-30T21:59:59.999Z') });
    const one = extension(request, null, 1, new Date('2025-02-10T00:00:00Z'));
    expect(one).toEqual({ ok: true, dueAt: new Date('2025-03-31T21:59:59.999Z') });
  });

  it('is refused after the first month, a second time, for a closed request, and for three months', () => {
    expect(extension(request, null, 2, new Date('2025-03-01T00:00:00Z'))).toEqual({ ok: false, reason: 'first_month_over' });
    expect(extension(request, '2025-02-01T00:00:00Z', 1, new Date('2025-02-10T00:00:00Z'))).toEqual({ ok: false, reason: 'already_extended' });
    expect(extension({ ...request, status: 'completed' }, null, 1, new Date('2025-02-10T00:00:00Z'))).toEqual({ ok: false, reason: 'not_open' });
    expect(extension(request, null, 3, new Date('2025-02-10T00:00:00Z'))).toEqual({ ok: false, reason: 'bad_months' });
  });
});

describe('days left', () => {
  it('counts whole days, and negative days when overdue', () => {
    const due = '2025-03-10T22:59:59.999Z';
    expect(daysLeft(due, new Date('2025-03-08T12:00:00Z'))).toBe(2);
    expect(daysLeft(due, new Date('2025-03-10T12:00:00Z'))).toBe(0);
    expect(daysLeft(due, new Date('2025-03-12T12:00:00Z'))).toBe(-2);
    expect(daysLeft(null, new Date())).toBeNull();
  });
});
