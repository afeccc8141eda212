import type { ChatMessage, Lang } from '../../../protocol/index.ts';
import type { DataCipher } from '../../util/data-cipher.ts';
import type { ChatStore, ConversationSummary, NewChatMessage, StoredConversation } from '../chat-types.ts';
import type { SubjectChat } from '../console-types.ts';
import { sealContext } from '../seal-context.ts';

/** A conversations row as stored: the reply address sealed. */
export interface ConversationRow {
  id: string;
  site: string;
  lang: string;
  token_hash: string;
  status: StoredConversation['status'];
  reply_email: string | null;
  created_at: string;
  last_activity_at: string;
  handed_over_at: string | null;
}

/** A messages row as stored: the body sealed. `to_person` is left to each backend (0/1 or a boolean). */
export interface MessageRow {
  conversation_id: string;
  seq: number;
  id: string;
  author: ChatMessage['author'];
  body: string;
  answers: string | null;
  created_at: string;
}

export function toChatMessage(r: MessageRow, cipher: DataCipher): ChatMessage {
  return {
    id: r.id,
    seq: r.seq,
    author: r.author,
    text: cipher.open(r.body, sealContext.messageBody(r.conversation_id, r.id)),
    at: r.created_at,
    ...readAnswers(r.answers),
  };
}

/**
 * The `answers` column: the policy answers as a JSON array, or, when the reply also suggests a
 * rights request, `{ answers, request }`; rows written before there were suggestions stay arrays.
 * Kept in the one column so a suggestion needs no schema change on either backend.
 */
export function answersColumn(m: Pick<NewChatMessage, 'answers' | 'request'>): string | null {
  if (m.request) return JSON.stringify({ answers: m.answers ?? [], request: m.request });
  return m.answers ? JSON.stringify(m.answers) : null;
}

function readAnswers(column: string | null): Pick<ChatMessage, 'answers' | 'request'> {
  if (!column) return {};
  const parsed = JSON.parse(column) as NonNullable<ChatMessage['answers']> | { answers: ChatMessage['answers']; request: ChatMessage['request'] };
  if (Array.isArray(parsed)) return { answers: parsed };
  return { ...(parsed.answers?.length ? { answers: parsed.answers } : {}), request: parsed.request };
}

/** What appendMessage answers: the message as the caller gave it, with its seq and time. */
export function appendedMessage(m: Parameters<ChatStore['appendMessage']>[1], seq: number): ChatMessage {
  return { id: m.id, seq, author: m.author, text: m.text, at: m.at.toISOString(), ...(m.answers ? { answers: m.answers } : {}), ...(m.request ? { request: m.request } : {}) };
}

export function toStoredConversation(r: ConversationRow, cipher: DataCipher): StoredConversation {
  return {
    id: r.id,
    site: r.site,
    lang: r.lang as Lang,
    tokenHash: r.token_hash,
    status: r.status,
    replyEmail: r.reply_email === null ? null : cipher.open(r.reply_email, sealContext.replyEmail(r.id)),
    createdAt: r.created_at,
    lastActivityAt: r.last_activity_at,
    handedOverAt: r.handed_over_at,
  };
}

export function toConversationSummary(r: ConversationRow & { message_count: number }): ConversationSummary {
  return {
    id: r.id,
    site: r.site,
    lang: r.lang as Lang,
    status: r.status,
    createdAt: r.created_at,
    lastActivityAt: r.last_activity_at,
    handedOverAt: r.handed_over_at,
    messageCount: r.message_count,
    emailReply: r.reply_email !== null,
  };
}

/** The reply address a handover brings, sealed, with its lookup hash; nulls when it brings none. */
export function sealReplyEmail(conversationId: string, replyEmail: string | undefined, cipher: DataCipher, emailHash: (email: string) => string): { email: string | null; hash: string | null } {
  if (replyEmail === undefined) return { email: null, hash: null };
  return { email: cipher.seal(replyEmail, sealContext.replyEmail(conversationId)), hash: emailHash(replyEmail) };
}

/** One of a person's chats as the console shows it, from the conversation's row and its messages in order. */
export function toSubjectChat(
  r: Omit<ConversationRow, 'token_hash' | 'status'> & { status: string },
  messages: { seq: number; id: string; author: string; body: string; created_at: string }[],
  cipher: DataCipher,
): SubjectChat {
  const conversation: ConversationSummary = {
    id: r.id, site: r.site, lang: r.lang as ConversationSummary['lang'], status: r.status as ConversationSummary['status'],
    createdAt: r.created_at, lastActivityAt: r.last_activity_at, handedOverAt: r.handed_over_at, messageCount: messages.length, emailReply: !!r.reply_email,
  };
  return { conversation, messages: messages.map((m) => ({ seq: m.seq, author: m.author, text: cipher.open(m.body, sealContext.messageBody(r.id, m.id)), at: m.created_at })) };
}
