import type { RetentionDue, RetentionPlan } from '../../protocol/index.ts';
import type { Store } from '../store/index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A request nobody verified in a week is closed as `expired`; its code lived 15 minutes. */
export const UNVERIFIED_DAYS = 7;

/** The policy's promise: erased data is purged for good once its 30 days are over. */
export async function runRetention(store: Store, now: Date): Promise<{ purged: number; expired: number; exportsCleared: number }> {
  const due = await store.subjectsDueForPurge(now);
  for (const id of due) await store.purgeSubject(id, now);
  const expired = await store.expireUnverifiedRequests(new Date(now.getTime() - UNVERIFIED_DAYS * DAY_MS), now);
  // An export is a copy of someone's data made for one download: kept only while its link works.
  const exportsCleared = await store.clearExpiredExports(now);
  // Zeroed in the file too, not only unlinked (issue 17: the address stayed in free pages and the WAL).
  if (due.length || exportsCleared) await store.reclaimDeleted();
  return { purged: due.length, expired, exportsCleared };
}

const WHAT = { purge: 'erased-people', unverified: 'unverified-requests', export: 'expired-exports' } as const;

/**
 * What `runRetention` will delete and when, counted per site, kind and day in `timeZone`, from the
 * same store rows and the same rules (an unverified request expires UNVERIFIED_DAYS after receipt).
 * Counts and dates only: the plan is shown to owners and printed by the CLI.
 */
export async function retentionPlan(store: Store, now: Date, { timeZone = 'Europe/Oslo', sites }: { timeZone?: string; sites?: readonly string[] | undefined } = {}): Promise<RetentionPlan> {
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const groups = new Map<string, RetentionDue>();
  for (const item of await store.retentionItems()) {
    if (sites && !sites.includes(item.site)) continue;
    const due = item.kind === 'unverified' ? new Date(new Date(item.at).getTime() + UNVERIFIED_DAYS * DAY_MS) : new Date(item.at);
    const dueNow = due.getTime() <= now.getTime();
    // What is already due goes on the next run: counted under today, not under the day it fell due.
    const day = dayOf.format(dueNow ? now : due);
    const key = `${item.site}\n${item.kind}\n${day}\n${dueNow}`;
    const g = groups.get(key);
    if (g) g.count += 1;
    else groups.set(key, { site: item.site, what: WHAT[item.kind], day, count: 1, dueNow });
  }
  const items = [...groups.values()].sort((a, b) => a.site.localeCompare(b.site) || a.day.localeCompare(b.day) || a.what.localeCompare(b.what));
  return { at: now.toISOString(), items };
}
