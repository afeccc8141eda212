import type { ConsentRecord } from '../../store/index.ts';

/**
 * Where a person stands on the site's marketing list, from their records oldest first: the same
 * walk as the store's marketing list (store/rows/marketing-list.ts), kept beside the service that
 * needs it so no service reads store internals. A confirmation marks the run it falls in; an
 * expiry ends an unconfirmed run only.
 */
export function marketingStanding(history: ConsentRecord[]): { onList: boolean; confirmed: boolean } {
  let onList = false;
  let confirmed = false;
  for (const record of [...history].sort((a, b) => a.seq - b.seq)) {
    if (record.kind !== 'form-consent') continue;
    const p = record.purposes.find((x) => x.purpose === 'marketing-email');
    if (!p) continue;
    if (p.decision === 'confirmed') confirmed ||= onList;
    else if (p.decision === 'granted') onList = true;
    else if (p.decision === 'expired' && confirmed) continue;
    else onList = confirmed = false;
  }
  return { onList, confirmed };
}
