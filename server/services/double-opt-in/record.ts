import type { ConsentEvent } from '../../../protocol/index.ts';
import type { DoubleOptIn, Store } from '../../store/index.ts';
import { sha256Hex } from '../../util/crypto.ts';

/** A UUID (version 8) made from the outcome and its grant: appending it again is a replay, never a second record. */
export function outcomeEventId(outcome: 'confirmed' | 'expired', grantEventId: string): string {
  const h = sha256Hex(`double-opt-in:${outcome}:${grantEventId}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Appends a settled double opt-in's outcome to the chain as its own record pointing at the grant
 * (`purposes[0].grantId`), with the grant's text, basis and form, source `server`, and marks it
 * recorded. The id and body come from the stored row only (its settle time), so a second try after
 * a crash is a replay. An erased person, a vanished grant or a superseded one gets no record.
 */
export async function recordOutcome(store: Store, doi: DoubleOptIn, at: Date): Promise<void> {
  const outcome = doi.state;
  if ((outcome === 'confirmed' || outcome === 'expired') && doi.email && doi.settledAt) {
    const grant = (await store.findConsentsByEmail(doi.email, doi.site)).find((r) => r.eventId === doi.grantEventId);
    if (grant?.email) {
      const event: ConsentEvent = {
        id: outcomeEventId(outcome, grant.eventId),
        kind: 'form-consent',
        subject: { email: grant.email },
        purposes: [{ purpose: 'marketing-email', decision: outcome, grantId: grant.eventId }],
        basis: grant.basis,
        notice: { textHash: grant.notice.textHash, lang: grant.notice.lang, policyUrl: grant.notice.policyUrl, policyVersion: grant.notice.policyVersion },
        collection: {
          ...(grant.formId ? { formId: grant.formId } : {}),
          pageUrl: grant.pageUrl,
          clientTime: doi.settledAt,
          widgetVersion: outcome === 'confirmed' ? 'double-opt-in-link' : 'double-opt-in-expiry',
        },
      };
      const [result] = await store.appendConsentEvents([{ site: doi.site, event, receivedAt: at, source: 'server' }]);
      if (!result?.ok) throw new Error(`double opt-in outcome not stored: ${result?.error ?? 'no result'}`);
    }
  }
  await store.markDoubleOptInRecorded(doi.grantEventId, at);
}
