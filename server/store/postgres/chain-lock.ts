import { chainLockWait } from '../../metrics/index.ts';
import type { NewConsentEvent } from '../types.ts';
import type { Tx } from './connect.ts';
import { CHAIN_LOCK_CLASS } from './migrations.ts';

/**
 * Takes the chain lock (the one the chain trigger takes) of every site of the group, in one order
 * on every instance, so no two groups deadlock on them; held until commit, so writers on every
 * instance take turns per site and `seq` is drawn in chain order. Returns the query already sent,
 * so the caller may send its next statement behind it before awaiting both.
 */
export function lockChains(tx: Tx, items: NewConsentEvent[]) {
  const sites = [...new Set(items.map((i) => i.site))];
  const asked = performance.now();
  const query = tx`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_CLASS}, h) FROM (SELECT DISTINCT hashtext(s) AS h FROM unnest(${sites}::text[]) s) x ORDER BY h`.execute();
  // Includes one round trip; a wait behind another instance's group shows as the tail. The caller
  // handles a failure; this branch only must not leave it unhandled.
  query.then(() => chainLockWait.observe((performance.now() - asked) / 1000), () => undefined);
  return query;
}
