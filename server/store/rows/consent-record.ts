import type { EventRow } from '../hashing.ts';
import type { ConsentRecord } from '../types.ts';

/** A consent_events row joined with its text and the subject's address (null once erased). Backend-neutral. */
export type Joined = EventRow & { email: string | null; text: string };

export function toRecord(r: Joined): ConsentRecord {
  return {
    seq: r.seq,
    site: r.site,
    eventId: r.event_id,
    receiptId: r.receipt_id,
    kind: r.kind as ConsentRecord['kind'],
    email: r.email,
    consentId: r.consent_id,
    purposes: JSON.parse(r.purposes) as ConsentRecord['purposes'],
    basis: r.basis as ConsentRecord['basis'],
    notice: {
      textHash: r.text_hash,
      text: r.text,
      lang: r.lang as ConsentRecord['notice']['lang'],
      policyUrl: r.policy_url,
      policyVersion: r.policy_version,
    },
    formId: r.form_id,
    pageUrl: r.page_url,
    clientTime: r.client_time,
    receivedAt: r.received_at,
    source: r.source as ConsentRecord['source'],
    widgetVersion: r.widget_version,
    userAgent: r.user_agent,
    ipTruncated: r.ip_truncated,
  };
}
