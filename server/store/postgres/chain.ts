import type { ChainAnchor, ChainCheck } from '../types.ts';
import { chainChecker, type EventRow } from '../hashing.ts';
import type { Sql } from './connect.ts';

/** Rows fetched per round trip while walking a chain. */
const BATCH = 500;

/**
 * Walks the site's chain from the first record (see `chainChecker`) through a cursor, so a long
 * chain is never held in memory whole. One statement, so one snapshot: rows committed meanwhile
 * are not half-seen.
 */
export async function verifySiteChain(sql: Sql, site: string, anchor?: ChainAnchor): Promise<ChainCheck> {
  const check = chainChecker(anchor);
  for await (const rows of sql<EventRow[]>`SELECT * FROM consent_events WHERE site = ${site} ORDER BY seq`.cursor(BATCH)) {
    for (const row of rows) {
      const broken = check.next(row);
      // Leaving the loop closes the cursor.
      if (broken) return broken;
    }
  }
  return check.end();
}
