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
