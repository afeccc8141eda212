import type postgres from 'postgres';
import type { ChatMessage, Lang } from '../../../protocol/index.ts';
import type { ChatStore, PolicyImport } from '../chat-types.ts';
import { sealContext } from '../seal-context.ts';
import {
  answersColumn, appendedMessage, sealReplyEmail, toChatMessage, toConversationSummary, toInboxConversation, toStoredConversation,
  type ConversationRow, type InboxRow, type MessageRow as StoredMessageRow,
} from '../rows/index.ts';
import type { Async } from '../types.ts';
import type { PgContext } from './context.ts';

type Db = postgres.ISql<{ bigint: number }>;
type MessageRow = StoredMessageRow & { to_person: boolean };

/**
 * The PostgreSQL twin of sqlite/chat.ts: same rows, same sealing, same order. Several instances
 * write here at once, so a message's seq comes from the conversation row's counter, bumped by an
 * UPDATE that holds the row lock until the message is in (never MAX(seq) + 1, which two instances
 * would both read). Text is ordered with COLLATE "C", the byte order SQLite uses.
 */
export function createChatRepo({ sql, clock, cipher, emailHash }: PgContext): Async<ChatStore> {
  const toMessage = (r: MessageRow) => toChatMessage(r, cipher);

  async function append(tx: Db, conversationId: string, m: Parameters<ChatStore['appendMessage']>[1]): Promise<ChatMessage> {
    const at = m.at.toISOString();
    // The row lock also orders this after a concurrent endConversation, which then refuses it:
    // nothing is written into a conversation the visitor asked us to forget.
    const [row] = await tx<{ last_seq: number }[]>`
      UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = ${at}
      WHERE id = ${conversationId} AND status != 'ended' RETURNING last_seq`;
    if (!row) throw new Error('No open conversation with this id');
    await tx`
      INSERT INTO messages (conversation_id, seq, id, author, body, to_person, answers, reply_to, created_at)
      VALUES (${conversationId}, ${row.last_seq}, ${m.id}, ${m.author}, ${cipher.seal(m.text, sealContext.messageBody(conversationId, m.id))},
        ${m.toPerson === true}, ${answersColumn(m)}, ${m.replyTo ?? null}, ${at})`;
    return appendedMessage(m, row.last_seq);
  }

  return {
    async createConversation({ id, site, lang, tokenHash, at }) {
      const iso = at.toISOString();
      await sql`INSERT INTO conversations (id, site, lang, token_hash, status, created_at, last_activity_at)
        VALUES (${id}, ${site}, ${lang}, ${tokenHash}, 'open', ${iso}, ${iso})`;
    },
    async getConversation(id) {
      const [r] = await sql<ConversationRow[]>`SELECT * FROM conversations WHERE id = ${id} AND status != 'ended'`;
      return r && toStoredConversation(r, cipher);
    },
    appendMessage: (conversationId, message) => sql.begin((tx) => append(tx, conversationId, message)),
    async findMessage(conversationId, id) {
      const [r] = await sql<MessageRow[]>`SELECT * FROM messages WHERE conversation_id = ${conversationId} AND id = ${id}`;
      return r && { ...toMessage(r), toPerson: r.to_person };
    },
    async findReplyTo(conversationId, id) {
      const [r] = await sql<MessageRow[]>`SELECT * FROM messages WHERE conversation_id = ${conversationId} AND reply_to = ${id} ORDER BY seq LIMIT 1`;
      return r && toMessage(r);
    },
    async messagesAfter(conversationId, afterSeq, limit = 200) {
      // seq is an int4: a larger "after" (a client's Last-Event-ID) would be an error here, while SQLite just finds nothing.
      const after = Math.max(-1, Math.min(Math.floor(afterSeq), 2 ** 31 - 1));
      const rows = await sql<MessageRow[]>`SELECT * FROM messages WHERE conversation_id = ${conversationId} AND seq > ${after} ORDER BY seq LIMIT ${limit}`;
      return rows.map(toMessage);
    },
    async handOver(id, replyEmail, at) {
      const iso = at.toISOString();
      const { email, hash } = sealReplyEmail(id, replyEmail, cipher, emailHash);
      await sql`
        UPDATE conversations SET status = 'handed-over', handed_over_at = COALESCE(handed_over_at, ${iso}),
          reply_email = COALESCE(${email}::text, reply_email), reply_email_hash = COALESCE(${hash}::text, reply_email_hash), last_activity_at = ${iso}
        WHERE id = ${id} AND status != 'ended'`;
    },
    async endConversation(id, at) {
      // Conversation row first: its lock waits out an append in flight, whose message is then deleted too.
      await sql.begin(async (tx) => {
        await tx`UPDATE conversations SET status = 'ended', ended_at = ${at.toISOString()}, reply_email = NULL, reply_email_hash = NULL WHERE id = ${id}`;
        await tx`DELETE FROM messages WHERE conversation_id = ${id}`;
      });
    },
    async listConversations({ site, sites, limit = 100 } = {}) {
      const rows = await sql<(ConversationRow & { message_count: number })[]>`
        SELECT c.*, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id)::int AS message_count
        FROM conversations c WHERE c.status != 'ended' ${site ? sql`AND c.site = ${site}` : sql``} ${sites ? sql`AND c.site = ANY(${[...sites]}::text[])` : sql``}
        ORDER BY c.last_activity_at COLLATE "C" DESC, c.id COLLATE "C" LIMIT ${limit}`;
      return rows.map(toConversationSummary);
    },
    async listInbox({ site, sites, reader, limit = 500 }) {
      const rows = await sql<InboxRow[]>`
        SELECT c.*, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id)::int AS message_count,
          (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.author = 'visitor'
             AND m.seq > COALESCE((SELECT r.read_seq FROM conversation_reads r WHERE r.conversation_id = c.id AND r.account_id = ${reader}), 0))::int AS unread,
          l.id AS last_id, l.author AS last_author, l.body AS last_body, l.created_at AS last_at
        FROM conversations c LEFT JOIN messages l ON l.conversation_id = c.id AND l.seq = c.last_seq
        WHERE c.status != 'ended' ${site ? sql`AND c.site = ${site}` : sql``} ${sites ? sql`AND c.site = ANY(${[...sites]}::text[])` : sql``}
        ORDER BY c.last_activity_at COLLATE "C" DESC, c.id COLLATE "C" LIMIT ${limit}`;
      return rows.map((r) => toInboxConversation(r, cipher));
    },
    async assignConversation(id, accountId) {
      await sql`UPDATE conversations SET assigned_to = ${accountId} WHERE id = ${id} AND status != 'ended'`;
    },
    async closeConversation(id, at) {
      const rows = await sql`UPDATE conversations SET closed_at = ${at.toISOString()} WHERE id = ${id} AND status != 'ended' AND closed_at IS NULL RETURNING id`;
      return rows.length === 1;
    },
    async markConversationRead(id, accountId, seq) {
      await sql`
        INSERT INTO conversation_reads (conversation_id, account_id, read_seq) VALUES (${id}, ${accountId}, ${seq})
        ON CONFLICT (conversation_id, account_id) DO UPDATE SET read_seq = GREATEST(conversation_reads.read_seq, excluded.read_seq)`;
    },
    async putPolicy({ site, lang, markdown, url, version }) {
      await sql`
        INSERT INTO policies (site, lang, markdown, url, version, updated_at) VALUES (${site}, ${lang}, ${markdown}, ${url}, ${version}, ${clock().toISOString()})
        ON CONFLICT (site, lang) DO UPDATE SET markdown = excluded.markdown, url = excluded.url, version = excluded.version, updated_at = excluded.updated_at`;
    },
    async getPolicy(site, lang) {
      const [r] = await sql<{ site: string; lang: Lang; markdown: string; url: string; version: string; updatedAt: string }[]>`
        SELECT site, lang, markdown, url, version, updated_at AS "updatedAt" FROM policies WHERE site = ${site} AND lang = ${lang}`;
      return r;
    },
    async putPolicyMap({ site, lang, version }, map) {
      await sql`
        INSERT INTO policy_maps (site, lang, version, map, built_at) VALUES (${site}, ${lang}, ${version}, ${map}, ${clock().toISOString()})
        ON CONFLICT (site, lang, version) DO UPDATE SET map = excluded.map, built_at = excluded.built_at`;
    },
    async getPolicyMap({ site, lang, version }) {
      const [r] = await sql<{ map: string; builtAt: string }[]>`SELECT map, built_at AS "builtAt" FROM policy_maps WHERE site = ${site} AND lang = ${lang} AND version = ${version}`;
      return r;
    },
    async getPolicyChoices({ site, lang, version }) {
      const rows = await sql<{ intent: string; section_id: string | null; answer: string | null }[]>`
        SELECT intent, section_id, answer FROM policy_choices WHERE site = ${site} AND lang = ${lang} AND version = ${version}`;
      return Object.fromEntries(rows.map((r) => [r.intent, r.answer !== null ? { answer: r.answer } : { sectionId: r.section_id! }]));
    },
    async setPolicyChoice({ site, lang, version }, intent, choice) {
      if (!choice) {
        await sql`DELETE FROM policy_choices WHERE site = ${site} AND lang = ${lang} AND version = ${version} AND intent = ${intent}`;
        return;
      }
      await sql`
        INSERT INTO policy_choices (site, lang, version, intent, section_id, answer, updated_at)
        VALUES (${site}, ${lang}, ${version}, ${intent}, ${choice.sectionId ?? null}, ${choice.answer ?? null}, ${clock().toISOString()})
        ON CONFLICT (site, lang, version, intent) DO UPDATE SET section_id = excluded.section_id, answer = excluded.answer, updated_at = excluded.updated_at`;
    },
    async putPolicyImport({ site, lang, url, hash, checkedAt, changedAt }) {
      await sql`
        INSERT INTO policy_imports (site, lang, url, hash, checked_at, changed_at) VALUES (${site}, ${lang}, ${url}, ${hash}, ${checkedAt}, ${changedAt})
        ON CONFLICT (site, lang) DO UPDATE SET url = excluded.url, hash = excluded.hash, checked_at = excluded.checked_at, changed_at = excluded.changed_at`;
    },
    async getPolicyImport(site, lang) {
      const [r] = await sql<PolicyImport[]>`SELECT site, lang, url, hash, checked_at AS "checkedAt", changed_at AS "changedAt" FROM policy_imports WHERE site = ${site} AND lang = ${lang}`;
      return r;
    },
    async listPolicyImports() {
      return [...await sql<PolicyImport[]>`SELECT site, lang, url, hash, checked_at AS "checkedAt", changed_at AS "changedAt" FROM policy_imports ORDER BY site COLLATE "C", lang`];
    },
  };
}
