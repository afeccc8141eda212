/**
 * A completed `withdraw-consent` request, written into the proof chain: one `withdrawn` event per
 * consent being withdrawn, pointing at the exact text that consent was given to (invariant 3).
 */
import type { ConsentEvent, Purpose } from '../../protocol/index.ts';
import type { ConsentRecord, Store, StoredRightsRequest } from '../store/index.ts';
import { sha256Hex } from '../util/crypto.ts';

/**
 * A UUID (version 8, "custom") made from the withdrawal and the consent it withdraws, so that the
 * event id, the idempotency key (invariant 1), is the same however often completion is tried.
 */
function withdrawalId(seed: string, grantEventId: string): string {
  const h = sha256Hex(`withdrawal:${seed}:${grantEventId}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const subjectKey = (r: ConsentRecord) => (r.kind === 'form-consent' && r.email ? `email:${r.email}` : `consent:${r.consentId}`);

/**
 * For each purpose asked for (`all`: every purpose) whose latest decision for this person on the
 * site is still a grant, the grant being withdrawn. Purposes granted in one event are withdrawn in one.
 */
export function activeGrants(history: ConsentRecord[], purpose: Purpose | 'all'): { grant: ConsentRecord; purposes: Purpose[] }[] {
  const latest = new Map<string, { record: ConsentRecord; granted: boolean }>();
  // Double opt-in: a confirmation leaves the grant in force (and makes a later expiry moot).
  const confirmed = new Set<string>();
  for (const record of [...history].sort((a, b) => a.seq - b.seq)) {
    for (const p of record.purposes) {
      const key = `${subjectKey(record)}|${p.purpose}`;
      if (p.decision === 'confirmed') {
        if (latest.get(key)?.granted) confirmed.add(key);
        continue;
      }
      if (p.decision === 'expired' && confirmed.has(key)) continue;
      if (p.decision !== 'granted') confirmed.delete(key);
      latest.set(key, { record, granted: p.decision === 'granted' });
    }
  }
  const byGrant = new Map<string, { grant: ConsentRecord; purposes: Purpose[] }>();
  for (const [key, { record, granted }] of latest) {
    const p = key.slice(key.lastIndexOf('|') + 1) as Purpose;
    if (!granted || (purpose !== 'all' && p !== purpose) || p === 'necessary') continue;
    const entry = byGrant.get(record.eventId) ?? { grant: record, purposes: [] };
    entry.purposes.push(p);
    byGrant.set(record.eventId, entry);
  }
  return [...byGrant.values()];
}

/** Whose consent is withdrawn, and through what: the ids and the `widgetVersion` field name it. */
export interface Withdrawal {
  site: string;
  email: string;
  purpose: Purpose | 'all';
  /** Makes the event ids: the same withdrawal tried again gives the same ids (invariant 1). */
  idSeed: string;
  /** What the records name as the collecting client (`request:NF-…`, `unsubscribe-link`). */
  via: string;
  /** The grant's own basis (an existing customer's opt-out), or `consent`. @default 'consent' */
  basis?: 'grant' | 'consent';
}

/**
 * Appends one `withdrawn` event per active grant through the store (so the chain hash is the
 * store's), source `server`. Returns their ids; a repeat appends nothing new, since the consents
 * are then no longer active and the ids are stable.
 */
export async function appendWithdrawal(store: Store, w: Withdrawal, at: Date): Promise<string[]> {
  const grants = activeGrants(await store.findConsentsByEmail(w.email, w.site), w.purpose);
  const events = grants.map(({ grant, purposes }): ConsentEvent => ({
    id: withdrawalId(w.idSeed, grant.eventId),
    kind: grant.kind,
    subject: grant.kind === 'form-consent' && grant.email ? { email: grant.email } : { consentId: grant.consentId! },
    purposes: purposes.map((p) => ({ purpose: p, decision: 'withdrawn' })),
    basis: w.basis === 'grant' ? grant.basis : 'consent',
    // The exact text the consent was given to, by its stored hash.
    notice: { textHash: grant.notice.textHash, lang: grant.notice.lang, policyUrl: grant.notice.policyUrl, policyVersion: grant.notice.policyVersion },
    collection: {
      ...(grant.formId ? { formId: grant.formId } : {}),
      // Withdrawn outside the site's pages: the policy that promised the right stands in.
      pageUrl: grant.notice.policyUrl,
      clientTime: at.toISOString(),
      widgetVersion: w.via.slice(0, 40),
    },
  }));
  if (!events.length) return [];
  const results = await store.appendConsentEvents(events.map((event) => ({ site: w.site, event, receivedAt: at, source: 'server' as const })));
  const failed = results.find((r) => !r.ok);
  if (failed && !failed.ok) throw new Error(`withdrawal not stored: ${failed.error}`);
  return events.map((e) => e.id);
}

/** The withdrawal events for a verified `withdraw-consent` request, basis `consent`. */
export function appendConsentWithdrawal(store: Store, request: StoredRightsRequest, at: Date): Promise<string[]> {
  const purpose = (request.details.purpose ?? 'all') as Purpose | 'all';
  return appendWithdrawal(store, { site: request.site, email: request.email, purpose, idSeed: request.id, via: `request:${request.reference ?? request.id}` }, at);
}
