/**
 * Small-count suppression for the console's numbers. The privacy policy promises that statistics
 * are anonymised, and "1 person declined on form X in week Y" singles someone out, so the exact
 * counts from the store go through here before they reach any client. The rule, in one sentence:
 * every count is rounded down to a multiple of 5, and under 5 is "fewer than 5" (`null`).
 *
 * Rounding every count, not only hiding the small ones, is what keeps a total minus the cells
 * beside it (or all sites minus one site) from giving back a hidden cell. Rounding down rather than
 * to the nearest makes every shown figure stand for exactly five values (10 is 10 to 14, hidden is
 * 0 to 4), and then no sum of up to four parts pins a hidden one to a single value (tested in
 * anonymised-stats.test.ts); to the nearest, 5 would mean 5 to 7 and two hidden parts whose sum
 * shows as 10 would both be 4. The limit: with five or more parts, a sum that shows 20 more than
 * their figures add up to means each is 4 above its figure, so a hidden one is exactly 4.
 */
import type { ConsoleStats, StatCount } from '../../protocol/index.ts';
import type { CategoryChoices, RequestStats, WeeklyOptIn } from '../store/index.ts';

/** Counts are shown rounded down to a multiple of this, and a count below it is not shown at all. */
export const STAT_STEP = 5;

export function shownCount(n: number): StatCount {
  // 0 is hidden too: if "fewer than 5" could not mean 0 it would mean 1 to 4, and four hidden
  // sites whose total is hidden as well would then each be exactly 1.
  if (n < STAT_STEP) return null;
  return n - (n % STAT_STEP);
}

export interface ExactStats {
  weeklyOptIns: WeeklyOptIn[];
  categoryChoices: CategoryChoices[];
  /** With the open and overdue requests of each kind, by the one rule in services/deadlines.ts. */
  requests: (RequestStats & { open?: number; overdue?: number })[];
}

/** The exact counts as the console may show them; the only way they reach the wire. */
export function anonymiseStats({ weeklyOptIns, categoryChoices, requests }: ExactStats): ConsoleStats {
  return {
    weeklyOptIns: weeklyOptIns.map((w) => ({ formId: w.formId, week: w.week, granted: shownCount(w.granted), declined: shownCount(w.declined) })),
    categoryChoices: categoryChoices.map((c) => ({ purpose: c.purpose, granted: shownCount(c.granted), declined: shownCount(c.declined), withdrawn: shownCount(c.withdrawn) })),
    requests: requests.map((r) => ({
      kind: r.kind,
      total: shownCount(r.total),
      completed: shownCount(r.completed),
      open: shownCount(r.open ?? 0),
      overdue: shownCount(r.overdue ?? 0),
      // A mean over fewer than 5 completions is close to one person's own case.
      meanDaysToComplete: r.completed < STAT_STEP ? null : r.meanDaysToComplete,
    })),
  };
}
