/**
 * What staff may do with a rights request, and when. The requester's own steps (verify, withdraw)
 * and the system's (expire) live in the chat's routes and the retention job.
 */
import type { RightsStatus } from '../../protocol/index.ts';
import { deadlineState, rightsRequestDueAt } from './deadlines.ts';

export type StaffTarget = 'in-progress' | 'completed' | 'rejected';

/** From which statuses staff may move a request to each target. */
export const STAFF_TRANSITIONS: Record<StaffTarget, RightsStatus[]> = {
  'in-progress': ['verified'],
  completed: ['verified', 'in-progress'],
  rejected: ['verified', 'in-progress'],
};

export function canTransition(from: RightsStatus, to: StaffTarget): boolean {
  return STAFF_TRANSITIONS[to].includes(from);
}

export type ExtensionRefusal = 'not_open' | 'already_extended' | 'first_month_over' | 'bad_months';

/**
 * GDPR Art. 12(3): the one-month period may be extended once "by two further months where
 * necessary", and the requester must be told, with the reasons, within the first month.
 */
export function extension(
  request: { status: RightsStatus; receivedAt: string; dueAt: string | null },
  extendedAt: string | null,
  months: number,
  now: Date,
  timeZone = 'Europe/Oslo',
): { ok: true; dueAt: Date } | { ok: false; reason: ExtensionRefusal } {
  if (request.status !== 'verified' && request.status !== 'in-progress') return { ok: false, reason: 'not_open' };
  if (extendedAt) return { ok: false, reason: 'already_extended' };
  if (!Number.isInteger(months) || months < 1 || months > 2) return { ok: false, reason: 'bad_months' };
  const received = new Date(request.receivedAt);
  if (now.getTime() > rightsRequestDueAt(received, { timeZone }).getTime()) return { ok: false, reason: 'first_month_over' };
  return { ok: true, dueAt: rightsRequestDueAt(received, { timeZone, months: 1 + months }) };
}

/** Whole days until the due instant: 0 on the last day, negative when overdue. Closed requests have none (see deadlineState). */
export function daysLeft(dueAt: string | null, now: Date): number | null {
  return deadlineState({ status: 'verified', dueAt }, now).daysLeft;
}
