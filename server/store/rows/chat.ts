import type { ChatMessage, Lang } from '../../../protocol/index.ts';
import type { DataCipher } from '../../util/data-cipher.ts';
import type { ChatStore, ConversationSummary, InboxConversation, NewChatMessage, StoredConversation } from '../chat-types.ts';
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
  assigned_to: number | null;
  closed_at: string | null;
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
export function answersColumn(m: Pick<NewChatMessage, 'answers' | 'request' | 'closes'>): string | null {
  if (m.request || m.closes) return JSON.stringify({ answers: m.answers ?? [], ...(m.request ? { request: m.request } : {}), ...(m.closes ? { closes: true } : {}) });
  return m.answers ? JSON.stringify(m.answers) : null;
}

function readAnswers(column: string | null): Pick<ChatMessage, 'answers' | 'request' | 'closes'> {
  if (!column) return {};
  const parsed = JSON.parse(column) as NonNullable<ChatMessage['answers']> | { answers: ChatMessage['answers']; request?: ChatMessage['request']; closes?: true };
  if (Array.isArray(parsed)) return { answers: parsed };
  return { ...(parsed.answers?.length ? { answers: parsed.answers } : {}), ...(parsed.request ? { request: parsed.request } : {}), ...(parsed.closes ? { closes: true as const } : {}) };
}

/** What appendMessage answers: the message as the caller gave it, with its seq and time. */
export function appendedMessage(m: Parameters<ChatStore['appendMessage']>[1], seq: number): ChatMessage {
  return {
    id: m.id, seq, author: m.author, text: m.text, at: m.at.toISOString(),
    ...(m.answers ? { answers: m.answers } : {}), ...(m.request ? { request: m.request } : {}), ...(m.closes ? { closes: true as const } : {}),
  };
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
    assignedTo: r.assigned_to === null || r.assigned_to === undefined ? null : Number(r.assigned_to),
    closedAt: r.closed_at ?? null,
  };
}

/** A row of the inbox query: the conversation, its unread count for the reader, and its newest message. */
export type InboxRow = ConversationRow & { message_count: number; unread: number; last_id: string | null; last_author: ChatMessage['author'] | null; last_body: string | null; last_at: string | null };

export function toInboxConversation(r: InboxRow, cipher: DataCipher): InboxConversation {
  return {
    ...toConversationSummary(r),
    replyEmail: r.reply_email === null ? null : cipher.open(r.reply_email, sealContext.replyEmail(r.id)),
    assignedTo: r.assigned_to === null ? null : Number(r.assigned_to),
    closedAt: r.closed_at,
    unread: Number(r.unread),
    last: r.last_id && r.last_body !== null ? { author: r.last_author!, text: cipher.open(r.last_body, sealContext.messageBody(r.id, r.last_id)), at: r.last_at! } : null,
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
  r: Omit<ConversationRow, 'token_hash' | 'status' | 'assigned_to' | 'closed_at'> & { status: string },
  messages: { seq: number; id: string; author: string; body: string; created_at: string }[],
  cipher: DataCipher,
): SubjectChat {
  const conversation: ConversationSummary = {
    id: r.id, site: r.site, lang: r.lang as ConversationSummary['lang'], status: r.status as ConversationSummary['status'],
    createdAt: r.created_at, lastActivityAt: r.last_activity_at, handedOverAt: r.handed_over_at, messageCount: messages.length, emailReply: !!r.reply_email,
  };
  return { conversation, messages: messages.map((m) => ({ seq: m.seq, author: m.author, text: cipher.open(m.body, sealContext.messageBody(r.id, m.id)), at: m.created_at })) };
}
