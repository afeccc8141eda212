import type { Store } from '../../store/index.ts';
import { activeGrants } from '../consent-withdrawal.ts';
import { recordOutcome } from './record.ts';
import { marketingStanding } from './standing.ts';

const BATCH = 200;

/**
 * The daily job: each grant whose link ran out unconfirmed is settled `expired` and its record
 * appended (the person leaves the marketing list). Nothing to expire (the grant was withdrawn
 * meanwhile, the address was confirmed through another form, the person was erased):
 * `superseded`, no record. Also finishes records a crash left unwritten after settling.
 */
export async function expireDoubleOptIns(store: Store, clock: () => Date): Promise<{ expired: number; superseded: number; finished: number }> {
  const counts = { expired: 0, superseded: 0, finished: 0 };
  const seen = new Set<string>();
  for (;;) {
    const due = (await store.dueDoubleOptIns(clock(), BATCH)).filter((d) => !seen.has(d.grantEventId));
    if (due.length === 0) return counts;
    for (const doi of due) {
      seen.add(doi.grantEventId);
      const at = clock();
      if (doi.state !== 'pending') {
        await recordOutcome(store, doi, at);
        counts.finished++;
        continue;
      }
      const history = doi.email ? await store.findConsentsByEmail(doi.email, doi.site) : [];
      const standing = marketingStanding(history);
      const stillGranted = activeGrants(history, 'marketing-email').length > 0;
      const outcome = standing.confirmed || !stillGranted ? 'superseded' : 'expired';
      if (!await store.settleDoubleOptIn(doi.grantEventId, outcome, at)) continue;
      await recordOutcome(store, { ...doi, state: outcome, settledAt: at.toISOString() }, at);
      counts[outcome]++;
    }
  }
}
