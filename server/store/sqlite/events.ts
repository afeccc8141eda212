import type Database from 'better-sqlite3';
import { hmacHex } from '../../util/crypto.ts';
import type { AppendResult, NewConsentEvent } from '../types.ts';
import { rowHash } from '../hashing.ts';
import { errorCode } from '../write-error.ts';
import { alreadyStored, appended, eventKeys, newEventRow, storageUnavailable, unknownText } from '../rows/index.ts';

/**
 * Returns the function that writes one event. It must run inside a transaction; each call opens
 * its own savepoint so one failing event rolls back alone.
 */
export function createEventWriter(db: Database.Database, secret: string, onWriteError?: (code: string) => void): (item: NewConsentEvent) => AppendResult {
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
    const keys = eventKeys(item, (email) => hmacHex(secret, email));
    const existing = findById.get(event.id);
    if (existing) return alreadyStored(site, keys, event.id, existing);
    if (!textExists.get(event.notice.textHash)) return unknownText(event.id);
    const { email, subjectHash, consentId, receivedAt } = keys;
    const subjectId = email && subjectHash ? upsertSubject.get(site, subjectHash, email, receivedAt)!.id : null;
    if (subjectId !== null && consentId) link.run(consentId, subjectId, site, receivedAt);
    const row = newEventRow(item, keys, { seq: nextSeq.get()!.seq, subjectId, head: last.get(site)?.hash });
    insert.run({ ...row, hash: rowHash(row) });
    return appended(event.id);
  });

  return function writeEvent(item) {
    try {
      return writeOne(item);
    } catch (error) {
      // The savepoint is rolled back; the rest of the group goes on.
      onWriteError?.(errorCode(error));
      return storageUnavailable(item.event.id);
    }
  };
}
