import { IN_SITES } from './site-scope.ts';
import type Database from 'better-sqlite3';
import type { ChatMessage, Lang } from '../../../protocol/index.ts';
import type { DataCipher } from '../../util/data-cipher.ts';
import type { ChatStore, PolicyImport } from '../chat-types.ts';
import { sealContext } from '../seal-context.ts';
import {
  answersColumn, appendedMessage, sealReplyEmail, toChatMessage, toConversationSummary, toInboxConversation, toStoredConversation,
  type ConversationRow, type InboxRow, type MessageRow as StoredMessageRow,
} from '../rows/index.ts';

/** SQLite has no boolean: `to_person` is 0 or 1. */
type MessageRow = StoredMessageRow & { to_person: number };

/**
 * Conversations, their messages (seq per conversation) and the policy texts answers come from.
 * Message bodies and reply addresses are sealed at rest; callers see plain values.
 */
export function createChatRepo(db: Database.Database, now: () => Date, cipher: DataCipher, emailHash: (email: string) => string): ChatStore {
  const toMessage = (r: MessageRow) => toChatMessage(r, cipher);
  const getRow = db.prepare<[string], ConversationRow>("SELECT * FROM conversations WHERE id = ? AND status != 'ended'");
  const nextSeq = db.prepare<[string, string], { last_seq: number }>("UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = ? WHERE id = ? AND status != 'ended' RETURNING last_seq");
  const insertMessage = db.prepare(
    'INSERT INTO messages (conversation_id, seq, id, author, body, to_person, answers, reply_to, created_at) VALUES (@conversationId, @seq, @id, @author, @body, @toPerson, @answers, @replyTo, @at)',
  );
  const selectMessage = db.prepare<[string, string], MessageRow>('SELECT * FROM messages WHERE conversation_id = ? AND id = ?');
  const selectReply = db.prepare<[string, string], MessageRow>('SELECT * FROM messages WHERE conversation_id = ? AND reply_to = ? ORDER BY seq LIMIT 1');
  const selectAfter = db.prepare<[string, number, number], MessageRow>('SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?');

  const append = db.transaction((conversationId: string, m: Parameters<ChatStore['appendMessage']>[1]): ChatMessage => {
    const at = m.at.toISOString();
    const row = nextSeq.get(at, conversationId);
    if (!row) throw new Error('No open conversation with this id');
    insertMessage.run({
      conversationId,
      seq: row.last_seq,
      id: m.id,
      author: m.author,
      body: cipher.seal(m.text, sealContext.messageBody(conversationId, m.id)),
      toPerson: m.toPerson ? 1 : 0,
      answers: answersColumn(m),
      replyTo: m.replyTo ?? null,
      at,
    });
    return appendedMessage(m, row.last_seq);
  });

  const end = db.transaction((id: string, at: string) => {
    db.prepare('DELETE FROM messages WHERE conversation_id = ?').run(id);
    db.prepare("UPDATE conversations SET status = 'ended', ended_at = ?, reply_email = NULL, reply_email_hash = NULL WHERE id = ?").run(at, id);
  });

  return {
    createConversation({ id, site, lang, tokenHash, at }) {
      const iso = at.toISOString();
      db.prepare("INSERT INTO conversations (id, site, lang, token_hash, status, created_at, last_activity_at) VALUES (?, ?, ?, ?, 'open', ?, ?)").run(id, site, lang, tokenHash, iso, iso);
    },
    getConversation(id) {
      const r = getRow.get(id);
      return r && toStoredConversation(r, cipher);
    },
    appendMessage: (conversationId, message) => append.immediate(conversationId, message),
    findMessage(conversationId, id) {
      const r = selectMessage.get(conversationId, id);
      return r && { ...toMessage(r), toPerson: r.to_person === 1 };
    },
    findReplyTo(conversationId, id) {
      const r = selectReply.get(conversationId, id);
      return r && toMessage(r);
    },
    messagesAfter: (conversationId, afterSeq, limit = 200) => selectAfter.all(conversationId, afterSeq, limit).map(toMessage),
    handOver(id, replyEmail, at) {
      db.prepare(
        "UPDATE conversations SET status = 'handed-over', handed_over_at = COALESCE(handed_over_at, @at), reply_email = COALESCE(@email, reply_email), reply_email_hash = COALESCE(@hash, reply_email_hash), last_activity_at = @at WHERE id = @id AND status != 'ended'",
      ).run({ id, ...sealReplyEmail(id, replyEmail, cipher, emailHash), at: at.toISOString() });
    },
    endConversation: (id, at) => end.immediate(id, at.toISOString()),
    listConversations({ site, sites, limit = 100 } = {}) {
      const rows = db
        .prepare<unknown[], ConversationRow & { message_count: number }>(
          `SELECT c.*, (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count
           FROM conversations c WHERE c.status != 'ended' ${site ? 'AND c.site = ?' : ''} ${sites ? `AND ${IN_SITES('c.site')}` : ''}
           ORDER BY c.last_activity_at DESC, c.id LIMIT ?`,
        )
        .all(...(site ? [site] : []), ...(sites ? [JSON.stringify(sites)] : []), limit);
      return rows.map(toConversationSummary);
    },
    listInbox({ site, sites, reader, limit = 500 }) {
      const rows = db
        .prepare<unknown[], InboxRow>(
          `SELECT c.*, ${INBOX_COUNTS}, l.id AS last_id, l.author AS last_author, l.body AS last_body, l.created_at AS last_at
           FROM conversations c LEFT JOIN messages l ON l.conversation_id = c.id AND l.seq = c.last_seq
           WHERE c.status != 'ended' ${site ? 'AND c.site = ?' : ''} ${sites ? `AND ${IN_SITES('c.site')}` : ''}
           ORDER BY c.last_activity_at DESC, c.id LIMIT ?`,
        )
        .all(reader, ...(site ? [site] : []), ...(sites ? [JSON.stringify(sites)] : []), limit);
      return rows.map((r) => toInboxConversation(r, cipher));
    },
    assignConversation(id, accountId) {
      db.prepare("UPDATE conversations SET assigned_to = ? WHERE id = ? AND status != 'ended'").run(accountId, id);
    },
    closeConversation(id, at) {
      return db.prepare("UPDATE conversations SET closed_at = ? WHERE id = ? AND status != 'ended' AND closed_at IS NULL").run(at.toISOString(), id).changes === 1;
    },
    markConversationRead(id, accountId, seq) {
      db.prepare(
        'INSERT INTO conversation_reads (conversation_id, account_id, read_seq) VALUES (?, ?, ?) ON CONFLICT (conversation_id, account_id) DO UPDATE SET read_seq = MAX(read_seq, excluded.read_seq)',
      ).run(id, accountId, seq);
    },
    putPolicy({ site, lang, markdown, url, version }) {
      db.prepare(
        'INSERT INTO policies (site, lang, markdown, url, version, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site, lang) DO UPDATE SET markdown = excluded.markdown, url = excluded.url, version = excluded.version, updated_at = excluded.updated_at',
      ).run(site, lang, markdown, url, version, now().toISOString());
    },
    getPolicy(site, lang) {
      return db
        .prepare<[string, string], { site: string; lang: Lang; markdown: string; url: string; version: string; updatedAt: string }>(
          'SELECT site, lang, markdown, url, version, updated_at AS "updatedAt" FROM policies WHERE site = ? AND lang = ?',
        )
        .get(site, lang);
    },
    putPolicyMap({ site, lang, version }, map) {
      db.prepare(
        'INSERT INTO policy_maps (site, lang, version, map, built_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (site, lang, version) DO UPDATE SET map = excluded.map, built_at = excluded.built_at',
      ).run(site, lang, version, map, now().toISOString());
    },
    getPolicyMap({ site, lang, version }) {
      return db.prepare<[string, string, string], { map: string; builtAt: string }>('SELECT map, built_at AS "builtAt" FROM policy_maps WHERE site = ? AND lang = ? AND version = ?').get(site, lang, version);
    },
    getPolicyChoices({ site, lang, version }) {
      const rows = db
        .prepare<[string, string, string], { intent: string; section_id: string | null; answer: string | null }>('SELECT intent, section_id, answer FROM policy_choices WHERE site = ? AND lang = ? AND version = ?')
        .all(site, lang, version);
      return Object.fromEntries(rows.map((r) => [r.intent, r.answer !== null ? { answer: r.answer } : { sectionId: r.section_id! }]));
    },
    setPolicyChoice({ site, lang, version }, intent, choice) {
      if (!choice) {
        db.prepare('DELETE FROM policy_choices WHERE site = ? AND lang = ? AND version = ? AND intent = ?').run(site, lang, version, intent);
        return;
      }
      db.prepare(
        'INSERT INTO policy_choices (site, lang, version, intent, section_id, answer, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site, lang, version, intent) DO UPDATE SET section_id = excluded.section_id, answer = excluded.answer, updated_at = excluded.updated_at',
      ).run(site, lang, version, intent, choice.sectionId ?? null, choice.answer ?? null, now().toISOString());
    },
    putPolicyImport({ site, lang, url, hash, checkedAt, changedAt }) {
      db.prepare(
        'INSERT INTO policy_imports (site, lang, url, hash, checked_at, changed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (site, lang) DO UPDATE SET url = excluded.url, hash = excluded.hash, checked_at = excluded.checked_at, changed_at = excluded.changed_at',
      ).run(site, lang, url, hash, checkedAt, changedAt);
    },
    getPolicyImport(site, lang) {
      return db.prepare<[string, string], PolicyImport>(`SELECT ${IMPORT_COLUMNS} FROM policy_imports WHERE site = ? AND lang = ?`).get(site, lang);
    },
    listPolicyImports() {
      return db.prepare<[], PolicyImport>(`SELECT ${IMPORT_COLUMNS} FROM policy_imports ORDER BY site, lang`).all();
    },
  };
}

/** The message count, and the visitor's messages past the reader's (the first parameter's) read position. */
const INBOX_COUNTS = `(SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS message_count,
  (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.author = 'visitor'
     AND m.seq > COALESCE((SELECT r.read_seq FROM conversation_reads r WHERE r.conversation_id = c.id AND r.account_id = ?), 0)) AS unread`;

const IMPORT_COLUMNS = 'site, lang, url, hash, checked_at AS "checkedAt", changed_at AS "changedAt"';
