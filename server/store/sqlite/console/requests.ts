import type Database from 'better-sqlite3';
import type { ConsoleStore } from '../../console-types.ts';
import type { StoredRightsRequest } from '../../chat-types.ts';
import type { DataCipher } from '../../../util/data-cipher.ts';
import { sealContext } from '../../seal-context.ts';
import { sealRequestEventData, toSubjectChat } from '../../rows/index.ts';

type RequestMethods = Pick<
  ConsoleStore,
  'transitionRequest' | 'extendRequest' | 'requestExtendedAt' | 'putRequestExport' | 'getRequestExport' | 'clearExpiredExports' | 'requestsByEmail' | 'subjectChats' | 'expireUnverifiedRequests' | 'retentionItems'
>;

/**
 * The console's work on rights requests, over the chat's tables (issue 4), with its own audit
 * events. Personal values are sealed at rest (see sealing.ts); found by the keyed email hash.
 */
export function createRequestRepo(db: Database.Database, getRequest: (id: string) => StoredRightsRequest | undefined, cipher: DataCipher, emailHash: (email: string) => string): RequestMethods {
  const insertEvent = db.prepare('INSERT INTO request_events (request_id, at, type, actor, data) VALUES (?, ?, ?, ?, ?)');
  const event = { run: (id: string, at: string, type: string, actor: string, data: Record<string, unknown>) => insertEvent.run(id, at, type, actor, sealRequestEventData(id, data, cipher)) };

  const transition = db.transaction((id: string, from: string[], to: string, at: Date, actor: string, data: Record<string, unknown>) => {
    const placeholders = from.map(() => '?').join(', ');
    const changed = db.prepare(`UPDATE requests SET status = ?, updated_at = ? WHERE id = ? AND status IN (${placeholders})`).run(to, at.toISOString(), id, ...from).changes;
    if (!changed) return false;
    event.run(id, at.toISOString(), `status:${to}`, actor, data);
    return true;
  });
  const extend = db.transaction((id: string, dueAt: Date, at: Date, actor: string, data: Record<string, unknown>) => {
    const changed = db.prepare('UPDATE requests SET due_at = ?, extended_at = ?, updated_at = ? WHERE id = ? AND extended_at IS NULL').run(dueAt.toISOString(), at.toISOString(), at.toISOString(), id).changes;
    if (changed) event.run(id, at.toISOString(), 'extended', actor, data);
    return changed > 0;
  });

  return {
    transitionRequest: (id, from, to, at, actor, data) => (transition.immediate(id, from, to, at, actor, data) ? getRequest(id) : undefined),
    extendRequest: (id, dueAt, at, actor, data) => extend.immediate(id, dueAt, at, actor, data),
    requestExtendedAt: (id) => db.prepare<[string], { extended_at: string | null }>('SELECT extended_at FROM requests WHERE id = ?').get(id)?.extended_at ?? null,
    putRequestExport(id, body, at, expiresAt) {
      db.prepare('INSERT OR REPLACE INTO request_exports (request_id, body, created_at, expires_at) VALUES (?, ?, ?, ?)').run(id, cipher.seal(body, sealContext.requestExport(id)), at.toISOString(), expiresAt.toISOString());
    },
    getRequestExport(id) {
      const row = db.prepare<[string], { body: string; created_at: string; expires_at: string }>('SELECT * FROM request_exports WHERE request_id = ?').get(id);
      return row ? { body: cipher.open(row.body, sealContext.requestExport(id)), createdAt: row.created_at, expiresAt: row.expires_at } : undefined;
    },
    clearExpiredExports(now) {
      return db.prepare("UPDATE request_exports SET body = '' WHERE expires_at <= ? AND body <> ''").run(now.toISOString()).changes;
    },
    requestsByEmail(email, site) {
      const ids = db.prepare<[string, string], { id: string }>('SELECT id FROM requests WHERE email_hash = ? AND site = ? ORDER BY received_at DESC').all(emailHash(email), site);
      return ids.map((r) => getRequest(r.id)!);
    },
    subjectChats(email, site) {
      const rows = db
        .prepare<{ email: string; site: string }, { id: string; site: string; lang: string; status: string; created_at: string; last_activity_at: string; handed_over_at: string | null; reply_email: string | null }>(
          `SELECT * FROM conversations WHERE site = @site AND status != 'ended' AND (reply_email_hash = @email
             OR id IN (SELECT conversation_id FROM requests WHERE site = @site AND email_hash = @email))
           ORDER BY created_at`,
        )
        .all({ email: emailHash(email), site });
      return rows.map((r) => {
        const messages = db.prepare<[string], { seq: number; id: string; author: string; body: string; created_at: string }>('SELECT seq, id, author, body, created_at FROM messages WHERE conversation_id = ? ORDER BY seq').all(r.id);
        return toSubjectChat(r, messages, cipher);
      });
    },
    retentionItems() {
      return db
        .prepare<[], { site: string; kind: 'purge' | 'unverified' | 'export'; at: string }>(
          `SELECT site, 'purge' AS kind, purge_after AS at FROM subjects WHERE erased_at IS NOT NULL AND purged_at IS NULL
           UNION ALL SELECT site, 'unverified', received_at FROM requests WHERE status = 'awaiting-verification'
           UNION ALL SELECT r.site, 'export', e.expires_at FROM request_exports e JOIN requests r ON r.id = e.request_id WHERE e.body <> ''`,
        )
        .all();
    },
    expireUnverifiedRequests(before, at) {
      const ids = db.prepare<[string], { id: string }>("SELECT id FROM requests WHERE status = 'awaiting-verification' AND received_at < ?").all(before.toISOString());
      for (const { id } of ids) transition.immediate(id, ['awaiting-verification'], 'expired', at, 'system', { from: 'awaiting-verification', to: 'expired', reason: 'not verified in time' });
      return ids.length;
    },
  };
}
