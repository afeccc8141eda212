import type { SubjectWebhookType } from '../../../../protocol/index.ts';
import type Database from 'better-sqlite3';
import { hmacHex } from '../../../util/crypto.ts';
import type { DataCipher } from '../../../util/data-cipher.ts';
import type { ConsoleStore } from '../../console-types.ts';
import { normaliseEmail } from '../../hashing.ts';
import { PERSONAL_TRAIL_ENTRIES, subjectChange, toSubjectSummary, type SubjectRow } from '../../rows/index.ts';
import { sealContext } from '../../seal-context.ts';

type SubjectMethods = Pick<
  ConsoleStore,
  'ensureSubject' | 'subjectsByEmail' | 'subjectSite' | 'setSubjectFlag' | 'eraseSubject' | 'subjectsDueForPurge' | 'purgeSubject' | 'rectifySubjectEmail'
>;

/** Per-subject flags, erasure (hide now, purge later) and rectification of the address. */
export function createSubjectRepo(db: Database.Database, hmacKey: string, cipher: DataCipher): SubjectMethods {
  const hash = (email: string) => hmacHex(hmacKey, normaliseEmail(email));
  /**
   * For good: the address, the person's chats and the personal fields of their requests. What
   * stays proves how they were handled (kind, dates, status, audit) and, through the keyed
   * email_hash in the chain, any refusal or withdrawal they gave.
   */
  /**
   * Done at erasure, not 30 days later: the person's chats (messages and reply address) and any
   * export of their data are deleted at once, so no screen, list or download can show them. Their
   * requests keep name and address until the purge (the confirmation mail needs the address);
   * services/erasure.ts hides them from every read meanwhile.
   */
  const endChatsAndExports = (row: SubjectRow, at: Date) => {
    const convs = db
      .prepare<[string, string, string, string], { id: string }>(
        `SELECT id FROM conversations WHERE site = ? AND (reply_email_hash = ? OR id IN (SELECT conversation_id FROM requests WHERE site = ? AND email_hash = ?))`,
      )
      .all(row.site, row.email_hash, row.site, row.email_hash);
    for (const c of convs) {
      db.prepare('DELETE FROM messages WHERE conversation_id = ?').run(c.id);
      db.prepare("UPDATE conversations SET status = 'ended', reply_email = NULL, reply_email_hash = NULL, ended_at = COALESCE(ended_at, ?) WHERE id = ?").run(at.toISOString(), c.id);
    }
    // Matched by the keyed hash: the requests' own addresses are sealed at rest.
    db.prepare('DELETE FROM request_exports WHERE request_id IN (SELECT id FROM requests WHERE site = ? AND email_hash = ?)').run(row.site, row.email_hash);
  };
  /** The change's webhook deliveries, one per endpoint of the site that wants it, in the caller's transaction. */
  const queueWebhooks = (id: number, type: SubjectWebhookType, at: Date) =>
    db.prepare(`INSERT INTO webhook_deliveries (endpoint_id, site, event_type, event_seq, order_key, created_at, subject_id)
      SELECT e.id, s.site, @type, 0, s.email_hash, @at, s.id FROM subjects s JOIN webhook_endpoints e ON e.site = s.site
      WHERE s.id = @id AND EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = @type)`).run({ id, type, at: at.toISOString() });
  const erase = db.transaction((id: number, at: Date, purgeAfter: Date) => {
    const changed = db.prepare('UPDATE subjects SET erased_at = ?, purge_after = ? WHERE id = ? AND erased_at IS NULL').run(at.toISOString(), purgeAfter.toISOString(), id).changes > 0;
    const row = db.prepare<[number], SubjectRow>('SELECT * FROM subjects WHERE id = ?').get(id);
    if (changed && row) endChatsAndExports(row, at);
    if (changed) queueWebhooks(id, 'subject.erased', at);
    return changed;
  });
  const setFlag = db.transaction((id: number, flag: 'restricted' | 'objected', on: boolean, at: Date) => {
    const column = flag === 'restricted' ? 'restricted_at' : 'objected_at';
    const before = db.prepare<[number], { v: string | null }>(`SELECT ${column} AS v FROM subjects WHERE id = ?`).get(id);
    const changed = db.prepare(`UPDATE subjects SET ${column} = ? WHERE id = ?`).run(on ? at.toISOString() : null, id).changes > 0;
    if (before && (before.v !== null) !== on) queueWebhooks(id, subjectChange(flag, on), at);
    return changed;
  });
  const purge = db.transaction((id: number, at: Date) => {
    const row = db.prepare<[number], SubjectRow>('SELECT * FROM subjects WHERE id = ?').get(id);
    if (!row) return;
    if (row.email) {
      endChatsAndExports(row, at);
      // A correction's old and new values are the person's data; the step stays in the trail.
      db.prepare(`UPDATE request_events SET data = NULL WHERE type IN (${PERSONAL_TRAIL_ENTRIES.map(() => '?').join(', ')}) AND data IS NOT NULL
        AND request_id IN (SELECT id FROM requests WHERE site = ? AND email_hash = ?)`).run(...PERSONAL_TRAIL_ENTRIES, row.site, row.email_hash);
      db.prepare("UPDATE requests SET name = '', email = '', email_hash = NULL, details = '{}', updated_at = ? WHERE site = ? AND email_hash = ?").run(at.toISOString(), row.site, row.email_hash);
    }
    // email_hash stays: it is a keyed pseudonym in the chain and proves a later refusal or withdrawal.
    db.prepare('UPDATE subjects SET email = NULL, purged_at = ? WHERE id = ?').run(at.toISOString(), id);
  });
  /**
   * The hash is what later lookups use, so it moves with the address; and so do the person's
   * requests and chats, in the same transaction. Left under the old address they were found by
   * neither an erasure (which ends chats and, at the purge, blanks requests by the subject's
   * hash) nor the reads that hide an erased person (which look the person up by the request's
   * own address): erased would not have meant erased. The old address stays in the audit entry.
   */
  const rectify = db.transaction((id: number, email: string) => {
    const row = db.prepare<[number], SubjectRow>('SELECT * FROM subjects WHERE id = ?').get(id);
    if (!row) return undefined;
    const address = normaliseEmail(email);
    const next = hash(email);
    const requests = db.prepare<[string, string], { id: string }>('SELECT id FROM requests WHERE site = ? AND email_hash = ?').all(row.site, row.email_hash);
    const moveRequest = db.prepare('UPDATE requests SET email = ?, email_hash = ? WHERE id = ?');
    for (const r of requests) moveRequest.run(cipher.seal(address, sealContext.requestField(r.id, 'email')), next, r.id);
    const chats = db.prepare<[string, string], { id: string }>('SELECT id FROM conversations WHERE site = ? AND reply_email_hash = ?').all(row.site, row.email_hash);
    const moveChat = db.prepare('UPDATE conversations SET reply_email = ?, reply_email_hash = ? WHERE id = ?');
    for (const c of chats) moveChat.run(cipher.seal(address, sealContext.replyEmail(c.id)), next, c.id);
    // Another subject of the site with this address fails here, and the whole change with it.
    db.prepare('UPDATE subjects SET email = ?, email_hash = ? WHERE id = ?').run(address, next, id);
    return { old: row.email };
  });
  return {
    ensureSubject(site, email, at) {
      return db
        .prepare<[string, string, string, string], { id: number }>(
          `INSERT INTO subjects (site, email_hash, email, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (site, email_hash) DO UPDATE SET email = COALESCE(subjects.email, excluded.email) RETURNING id`,
        )
        .get(site, hash(email), normaliseEmail(email), at.toISOString())!.id;
    },
    subjectsByEmail: (email) => db.prepare<[string], SubjectRow>('SELECT * FROM subjects WHERE email_hash = ? ORDER BY site').all(hash(email)).map(toSubjectSummary),

    subjectSite: (id) => db.prepare<[number], { site: string }>('SELECT site FROM subjects WHERE id = ?').get(id)?.site,

    setSubjectFlag: (id, flag, on, at) => setFlag.immediate(id, flag, on, at),

    eraseSubject: (id, at, purgeAfter) => erase.immediate(id, at, purgeAfter),
    subjectsDueForPurge: (at) =>
      db
        .prepare<[string], { id: number }>('SELECT id FROM subjects WHERE erased_at IS NOT NULL AND purged_at IS NULL AND purge_after <= ?')
        .all(at.toISOString())
        .map((r) => r.id),
    purgeSubject: (id, at) => purge.immediate(id, at),

    rectifySubjectEmail: (id, email) => rectify.immediate(id, email),
  };
}
