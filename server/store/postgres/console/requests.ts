import type postgres from 'postgres';
import type { StoredRightsRequest } from '../../chat-types.ts';
import type { ConsoleStore } from '../../console-types.ts';
import { sealRequestEventData, toSubjectChat } from '../../rows/index.ts';
import { sealContext } from '../../seal-context.ts';
import type { Async } from '../../types.ts';
import type { PgContext } from '../context.ts';

type RequestMethods = Async<Pick<
  ConsoleStore,
  'transitionRequest' | 'extendRequest' | 'requestExtendedAt' | 'putRequestExport' | 'getRequestExport' | 'clearExpiredExports' | 'requestsByEmail' | 'subjectChats' | 'expireUnverifiedRequests' | 'retentionItems'
>>;

/** The pool or a transaction: both take tagged templates. */
type Db = postgres.ISql<{ bigint: number }>;

/**
 * The console's work on rights requests, over the chat's tables (issue 4), with its own audit
 * events, as sqlite/console/requests.ts. Personal values are sealed at rest; found by the keyed
 * email hash. Each change of state is one conditional UPDATE, so two instances acting on the same
 * request at once cannot both move it.
 */
export function createRequestRepo(
  { sql, cipher, emailHash }: PgContext,
  getRequest: (id: string) => Promise<StoredRightsRequest | undefined>,
): RequestMethods {
  const insertEvent = (tx: Db, id: string, at: string, type: string, actor: string, data: Record<string, unknown>) =>
    tx`INSERT INTO request_events (request_id, at, type, actor, data)
      VALUES (${id}, ${at}, ${type}, ${actor}, ${sealRequestEventData(id, data, cipher)})`;

  return {
    async transitionRequest(id, from, to, at, actor, data) {
      const moved = await sql.begin(async (tx) => {
        const rows = await tx`UPDATE requests SET status = ${to}, updated_at = ${at.toISOString()} WHERE id = ${id} AND status = ANY(${from}::text[]) RETURNING id`;
        if (!rows.length) return false;
        await insertEvent(tx, id, at.toISOString(), `status:${to}`, actor, data);
        return true;
      });
      return moved ? getRequest(id) : undefined;
    },
    async extendRequest(id, dueAt, at, actor, data) {
      return sql.begin(async (tx) => {
        const rows = await tx`UPDATE requests SET due_at = ${dueAt.toISOString()}, extended_at = ${at.toISOString()}, updated_at = ${at.toISOString()}
          WHERE id = ${id} AND extended_at IS NULL RETURNING id`;
        if (rows.length) await insertEvent(tx, id, at.toISOString(), 'extended', actor, data);
        return rows.length > 0;
      });
    },
    async requestExtendedAt(id) {
      const [row] = await sql<{ extended_at: string | null }[]>`SELECT extended_at FROM requests WHERE id = ${id}`;
      return row?.extended_at ?? null;
    },
    async putRequestExport(id, body, at, expiresAt) {
      await sql`
        INSERT INTO request_exports (request_id, body, created_at, expires_at)
        VALUES (${id}, ${cipher.seal(body, sealContext.requestExport(id))}, ${at.toISOString()}, ${expiresAt.toISOString()})
        ON CONFLICT (request_id) DO UPDATE SET body = excluded.body, created_at = excluded.created_at, expires_at = excluded.expires_at`;
    },
    async getRequestExport(id) {
      const [row] = await sql<{ body: string; created_at: string; expires_at: string }[]>`SELECT body, created_at, expires_at FROM request_exports WHERE request_id = ${id}`;
      return row ? { body: cipher.open(row.body, sealContext.requestExport(id)), createdAt: row.created_at, expiresAt: row.expires_at } : undefined;
    },
    async clearExpiredExports(now) {
      const rows = await sql`UPDATE request_exports SET body = '' WHERE expires_at <= ${now.toISOString()} AND body <> '' RETURNING request_id`;
      return rows.length;
    },
    async requestsByEmail(email, site) {
      const ids = await sql<{ id: string }[]>`
        SELECT id FROM requests WHERE email_hash = ${emailHash(email)} AND site = ${site} ORDER BY received_at COLLATE "C" DESC, id COLLATE "C"`;
      return Promise.all(ids.map(async (r) => (await getRequest(r.id))!));
    },
    async subjectChats(email, site) {
      const hash = emailHash(email);
      const rows = await sql<{ id: string; site: string; lang: string; status: string; created_at: string; last_activity_at: string; handed_over_at: string | null; reply_email: string | null }[]>`
        SELECT * FROM conversations WHERE site = ${site} AND status <> 'ended' AND (reply_email_hash = ${hash}
          OR id IN (SELECT conversation_id FROM requests WHERE site = ${site} AND email_hash = ${hash}))
        ORDER BY created_at COLLATE "C", id COLLATE "C"`;
      const messages = rows.length
        ? await sql<{ conversation_id: string; seq: number; id: string; author: string; body: string; created_at: string }[]>`
            SELECT conversation_id, seq, id, author, body, created_at FROM messages WHERE conversation_id = ANY(${rows.map((r) => r.id)}::text[]) ORDER BY conversation_id, seq`
        : [];
      return rows.map((r) => toSubjectChat(r, messages.filter((m) => m.conversation_id === r.id), cipher));
    },
    async retentionItems() {
      return [...await sql<{ site: string; kind: 'purge' | 'unverified' | 'export'; at: string }[]>`
        SELECT site, 'purge' AS kind, purge_after AS at FROM subjects WHERE erased_at IS NOT NULL AND purged_at IS NULL
        UNION ALL SELECT site, 'unverified', received_at FROM requests WHERE status = 'awaiting-verification'
        UNION ALL SELECT r.site, 'export', e.expires_at FROM request_exports e JOIN requests r ON r.id = e.request_id WHERE e.body <> ''`];
    },
    async expireUnverifiedRequests(before, at) {
      // One UPDATE takes every due request at once; an instance running the same sweep meanwhile
      // finds them gone, so each request is expired, and audited, once.
      const reason = { from: 'awaiting-verification', to: 'expired', reason: 'not verified in time' };
      return sql.begin(async (tx) => {
        const rows = await tx<{ id: string }[]>`
          UPDATE requests SET status = 'expired', updated_at = ${at.toISOString()}
          WHERE status = 'awaiting-verification' AND received_at < ${before.toISOString()} COLLATE "C" RETURNING id`;
        for (const { id } of [...rows].sort((a, b) => (a.id < b.id ? -1 : 1))) await insertEvent(tx, id, at.toISOString(), 'status:expired', 'system', reason);
        return rows.length;
      });
    },
  };
}
