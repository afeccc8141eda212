import type { AppendResult, NewConsentEvent } from '../types.ts';
import { bodyHash, GENESIS_HASH, normaliseEmail, type EventRow } from '../hashing.ts';

/** What an incoming event is recognised and filed by, worked out before any row is read. */
export interface EventKeys {
  /** The normalised address, when the event names one. */
  email: string | undefined;
  /** Its keyed hash: the subject's pseudonym in the chain. */
  subjectHash: string | undefined;
  /** The replay digest (see `bodyHash`). */
  digest: string;
  /** The browser's consent id, which links its cookie choices to the subject. */
  consentId: string | null;
  /** The page as the chain keeps it (`originAndPath`). */
  pageUrl: string;
  receivedAt: string;
}

/** `emailHash` is given the normalised address. */
export function eventKeys({ site, event, receivedAt }: NewConsentEvent, emailHash: (email: string) => string): EventKeys {
  const email = 'email' in event.subject ? normaliseEmail(event.subject.email) : undefined;
  const subjectHash = email ? emailHash(email) : undefined;
  const pageUrl = originAndPath(event.collection.pageUrl);
  return {
    email,
    subjectHash,
    // Over the event as kept, not as sent: a digest over the query would let anyone holding the
    // table confirm a guessed `?email=`. Two bodies that differ only there store the same proof.
    digest: bodyHash(site, { ...event, collection: { ...event.collection, pageUrl } }, subjectHash),
    consentId: 'consentId' in event.subject ? event.subject.consentId : (event.collection.consentId ?? null),
    pageUrl,
    receivedAt: receivedAt.toISOString(),
  };
}

/** The answer for an event id that is already stored: a replay when the body is the same, else a conflict. */
export function alreadyStored(site: string, keys: EventKeys, id: string, existing: { site: string | null; body_hash: string | null; receipt_id: string }): AppendResult {
  if (existing.site === site && existing.body_hash === keys.digest) return { ok: true, id, receiptId: existing.receipt_id, replay: true };
  return { ok: false, id, error: 'id_conflict', message: 'This event id is already stored with a different body.' };
}

export const unknownText = (id: string): AppendResult => ({ ok: false, id, error: 'unknown_text', message: 'notice.textHash is not a text this server has served.' });

export const appended = (id: string): AppendResult => ({ ok: true, id, receiptId: id, replay: false });

/** No details: they may hold personal data. */
export const storageUnavailable = (id: string): AppendResult => ({ ok: false, id, error: 'storage_unavailable', message: 'The event could not be stored; send it again later.' });

/**
 * The page as the chain keeps it: origin and path only, as the widget sends it. A query string or
 * fragment can carry personal data (`?email=` in a newsletter link, a reset token, a click id), and
 * a row in the chain can never be edited, so it could never be erased; user:password goes too.
 * Dropped here for any writer that sends more: a site's backend with its secret key, or a client
 * other than our widget. The replay digest (`eventKeys`) is taken over the page as kept too.
 */
function originAndPath(pageUrl: string): string {
  // The protocol only lets parseable http(s) URLs through; the fallback keeps this total.
  const url = URL.parse(pageUrl);
  return url ? url.origin + url.pathname : pageUrl.replace(/[?#].*$/s, '');
}

/** The consent_events row for a new event, all but its hash; `head` is the site's last hash, if any. */
export function newEventRow(item: NewConsentEvent, keys: EventKeys, { seq, subjectId, head }: { seq: number; subjectId: number | null; head: string | null | undefined }): Omit<EventRow, 'hash'> {
  const { site, event } = item;
  return {
    seq,
    site,
    event_id: event.id,
    // The receipt is the event id: the browser writes it into the host form before we answer.
    receipt_id: event.id,
    kind: event.kind,
    subject_id: subjectId,
    subject_hash: keys.subjectHash ?? null,
    consent_id: keys.consentId,
    purposes: JSON.stringify(event.purposes),
    basis: event.basis,
    text_hash: event.notice.textHash,
    lang: event.notice.lang,
    policy_url: event.notice.policyUrl,
    policy_version: event.notice.policyVersion,
    form_id: event.collection.formId ?? null,
    page_url: keys.pageUrl,
    client_time: event.collection.clientTime,
    received_at: keys.receivedAt,
    widget_version: event.collection.widgetVersion,
    user_agent: item.userAgent ?? null,
    source: item.source,
    ip_truncated: item.ipTruncated ?? null,
    body_hash: keys.digest,
    prev_hash: head ?? GENESIS_HASH,
  };
}
