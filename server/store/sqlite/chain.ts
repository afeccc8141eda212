import type Database from 'better-sqlite3';
import type { ChainAnchor, ChainCheck } from '../types.ts';
import { chainChecker, type EventRow } from '../hashing.ts';

/** Walks the site's chain from the first record (see `chainChecker`). */
export function verifySiteChain(db: Database.Database, site: string, anchor?: ChainAnchor): ChainCheck {
  const rows = db.prepare('SELECT * FROM consent_events WHERE site = ? ORDER BY seq').iterate(site) as IterableIterator<EventRow>;
  const check = chainChecker(anchor);
  for (const row of rows) {
    const broken = check.next(row);
    if (broken) {
      // Leave the iterator so the statement is released before we return.
      rows.return?.();
      return broken;
    }
  }
  return check.end();
}
