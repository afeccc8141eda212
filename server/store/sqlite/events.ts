import type Database from 'better-sqlite3';
import { hmacHex } from '../../util/crypto.ts';
import type { AppendResult, NewConsentEvent } from '../types.ts';
import { rowHash } from '../hashing.ts';
import { errorCode } from '../write-error.ts';
import { watchOtherCommits } from './other-commits.ts';
import { alreadyStored, appended, eventKeys, newEventRow, storageUnavailable, unknownText } from '../rows/index.ts';

/**
 * Returns the function that writes a group of events in one immediate transaction (one fsync),
 * each event in its own savepoint so one failing event rolls back alone. It throws only when the
 * whole group failed (nothing of it was written).
 */
export function createEventWriter(db: Database.Database, secret: string, onWriteError?: (code: string) => void): (items: NewConsentEvent[]) => AppendResult[] {
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
  const known = createChainMemory(db);

  const writeOne = db.transaction((item: NewConsentEvent): AppendResult | { seq: number; hash: string } => {
    const { site, event } = item;
    const keys = eventKeys(item, (email) => hmacHex(secret, email));
    const existing = findById.get(event.id);
    if (existing) return alreadyStored(site, keys, event.id, existing);
    if (!known.texts.has(event.notice.textHash)) {
      if (!textExists.get(event.notice.textHash)) return unknownText(event.id);
      known.texts.add(event.notice.textHash);
    }
    const { email, subjectHash, consentId, receivedAt } = keys;
    const subjectId = email && subjectHash ? upsertSubject.get(site, subjectHash, email, receivedAt)!.id : null;
    if (subjectId !== null && consentId) link.run(consentId, subjectId, site, receivedAt);
    const seq = known.nextSeq ?? nextSeq.get()!.seq;
    const row = newEventRow(item, keys, { seq, subjectId, head: known.heads.get(site) ?? last.get(site)?.hash });
    const hash = rowHash(row);
    insert.run({ ...row, hash });
    return { seq, hash };
  });

  function writeEvent(item: NewConsentEvent): AppendResult {
    let written;
    try {
      written = writeOne(item);
    } catch (error) {
      // The savepoint is rolled back; the rest of the group goes on.
      onWriteError?.(errorCode(error));
      return storageUnavailable(item.event.id);
    }
    if ('ok' in written) return written;
    // Only now, with its savepoint released: an event rolled back never moves the chain on.
    known.nextSeq = written.seq + 1;
    known.heads.set(item.site, written.hash);
    return appended(item.event.id);
  }

  const writeGroup = db.transaction((items: NewConsentEvent[]) => {
    known.check();
    return items.map(writeEvent);
  });

  return function writeEvents(items) {
    try {
      return writeGroup.immediate(items);
    } catch (error) {
      // Rolled back as a whole: what was remembered during it may not be in the database.
      known.forget();
      throw error;
    }
  };
}

/**
 * The chain's next seq, each site's head and the texts known to exist, as this connection last
 * wrote or read them: three of an event's seven statements. They hold only inside the write
 * transaction that checked them: `PRAGMA data_version` changes when any other connection (another
 * process, a tool, a second store) has committed, and then everything is read again; a group that
 * fails is forgotten whole. Only SQLite's single writer per file can keep this; PostgreSQL's
 * instances read the head under their advisory lock every time.
 */
function createChainMemory(db: Database.Database) {
  const otherCommitted = watchOtherCommits(db);
  const memory = {
    nextSeq: undefined as number | undefined,
    heads: new Map<string, string>(),
    texts: new Set<string>(),
    /** Call first in each write transaction, once the write lock is held. */
    check() {
      if (otherCommitted()) memory.forget();
    },
    forget() {
      memory.nextSeq = undefined;
      memory.heads.clear();
      memory.texts.clear();
    },
  };
  return memory;
}
