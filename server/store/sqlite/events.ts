import type Database from 'better-sqlite3';
import { hmacHex } from '../../util/crypto.ts';
import type { AppendResult, NewConsentEvent } from '../types.ts';
import { bodyHash, GENESIS_HASH, normaliseEmail, rowHash, type EventRow } from '../hashing.ts';

/**
 * Returns the function that writes one event. It must run inside a transaction; each call opens
 * its own savepoint so one failing event rolls back alone.
 */
export function createEventWriter(db: Database.Database, secret: string): (item: NewConsentEvent) => AppendResult {
  const findById = db.prepare<[string], { site: string; body_hash: string; receipt_id: string }>(
    'SELECT site, body_hash, receipt_id FROM consent_events WHERE event_id = ?',
  );
  const textExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM notice_texts WHERE hash = ?');
  const upsertSubject = db.prepare<[string, string, string, string], { id: number }>(
    // A new proof after an erasure brings the address back; an existing one is left as it is.
    `INSERT INTO subjects (site, email_hash, email, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (site, email_hash) DO UPDATE SET email = COALESCE(subjects.email, excluded.email)
     RETURNING id`,
  );
  const link = db.prepare('INSERT OR IGNORE INTO subject_links (consent_id, subject_id, site, first_seen) VALUES (?, ?, ?, ?)');
  const last = db.prepare<[string], { hash: string }>('SELECT hash FROM consent_events WHERE site = ? ORDER BY seq DESC LIMIT 1');
  const nextSeq = db.prepare<[], { seq: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM consent_events');
  const insert = db.prepare(`INSERT INTO consent_events (
      seq, site, event_id, receipt_id, kind, subject_id, subject_hash, consent_id, purposes, basis, text_hash, lang,
      policy_url, policy_version, form_id, page_url, client_time, received_at, widget_version, user_agent, source,
      ip_truncated, body_hash, prev_hash, hash)
    VALUES (@seq, @site, @event_id, @receipt_id, @kind, @subject_id, @subject_hash, @consent_id, @purposes, @basis,
      @text_hash, @lang, @policy_url, @policy_version, @form_id, @page_url, @client_time, @received_at,
      @widget_version, @user_agent, @source, @ip_truncated, @body_hash, @prev_hash, @hash)`);

  const writeOne = db.transaction((item: NewConsentEvent): AppendResult => {
    const { site, event } = item;
    const email = 'email' in event.subject ? normaliseEmail(event.subject.email) : undefined;
    const emailHash = email ? hmacHex(secret, email) : undefined;
    const digest = bodyHash(site, event, emailHash);
    const existing = findById.get(event.id);
    if (existing) {
      if (existing.site === site && existing.body_hash === digest) {
        return { ok: true, id: event.id, receiptId: existing.receipt_id, replay: true };
      }
      return { ok: false, id: event.id, error: 'id_conflict', message: 'This event id is already stored with a different body.' };
    }
    if (!textExists.get(event.notice.textHash)) {
      return { ok: false, id: event.id, error: 'unknown_text', message: 'notice.textHash is not a text this server has served.' };
    }
    const receivedAt = item.receivedAt.toISOString();
    const subjectId = email && emailHash ? upsertSubject.get(site, emailHash, email, receivedAt)!.id : null;
    const consentId = 'consentId' in event.subject ? event.subject.consentId : (event.collection.consentId ?? null);
    if (subjectId !== null && consentId) link.run(consentId, subjectId, site, receivedAt);
    const row: Omit<EventRow, 'hash'> = {
      seq: nextSeq.get()!.seq,
      site,
      event_id: event.id,
      // The receipt is the event id: the browser writes it into the host form before we answer.
      receipt_id: event.id,
      kind: event.kind,
      subject_id: subjectId,
      subject_hash: emailHash ?? null,
      consent_id: consentId,
      purposes: JSON.stringify(event.purposes),
      basis: event.basis,
      text_hash: event.notice.textHash,
      lang: event.notice.lang,
      policy_url: event.notice.policyUrl,
      policy_version: event.notice.policyVersion,
      form_id: event.collection.formId ?? null,
      page_url: event.collection.pageUrl,
      client_time: event.collection.clientTime,
      received_at: receivedAt,
      widget_version: event.collection.widgetVersion,
      user_agent: item.userAgent ?? null,
      source: item.source,
      ip_truncated: item.ipTruncated ?? null,
      body_hash: digest,
      prev_hash: last.get(site)?.hash ?? GENESIS_HASH,
    };
    insert.run({ ...row, hash: rowHash(row) });
    return { ok: true, id: event.id, receiptId: event.id, replay: false };
  });

  return function writeEvent(item) {
    try {
      return writeOne(item);
    } catch {
      // The savepoint is rolled back; the rest of the group goes on. No details: they may hold personal data.
      return { ok: false, id: item.event.id, error: 'storage_unavailable', message: 'The event could not be stored; send it again later.' };
    }
  };
}
