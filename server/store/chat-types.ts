import type { ChatMessage, Lang, PolicyAnswer, RightsKind, RightsStatus, StoredRightsRequest } from '../../protocol/index.ts';

// A stored rights request is described in protocol/console-views.ts, with the console's view of it.
export type { StoredRightsRequest };

export type ConversationStatus = 'open' | 'handed-over' | 'ended';

export interface StoredConversation {
  id: string;
  site: string;
  lang: Lang;
  /** SHA-256 hex of the visitor's token; the token itself is never kept. */
  tokenHash: string;
  status: ConversationStatus;
  /** Given at handover so staff can answer after the visitor has left. */
  replyEmail: string | null;
  createdAt: string;
  lastActivityAt: string;
  handedOverAt: string | null;
  /** The staff account working it (the inbox's "assign to me"), or null. */
  assignedTo: number | null;
  /** Closed by staff: no more messages either way; the visitor starts a new conversation. */
  closedAt: string | null;
}

export interface NewChatMessage {
  /** Client id for visitor messages (idempotency key), server-made otherwise. */
  id: string;
  author: ChatMessage['author'];
  text: string;
  answers?: PolicyAnswer[];
  /** For a bot reply: the rights request it suggests. */
  request?: RightsKind;
  /** For a bot reply: the visitor message it answers, so a replay returns the same reply. */
  replyTo?: string;
  toPerson?: boolean;
  /** Staff closed the conversation with this (bot) message. */
  closes?: boolean;
  at: Date;
}

export interface ConversationSummary {
  id: string;
  site: string;
  lang: Lang;
  status: ConversationStatus;
  createdAt: string;
  lastActivityAt: string;
  handedOverAt: string | null;
  messageCount: number;
  /** Whether the visitor left an address for a reply by email. */
  emailReply: boolean;
}

/** A conversation as the inbox lists it to one staff member (`reader`). */
export interface InboxConversation extends ConversationSummary {
  /** The address the visitor left at handover, or null. */
  replyEmail: string | null;
  assignedTo: number | null;
  closedAt: string | null;
  /** The visitor's messages after the reader's own read position: unread is per staff member. */
  unread: number;
  /** The newest message of the visitor, staff or bot, for the preview. */
  last: { author: ChatMessage['author']; text: string; at: string } | null;
}

/** One language version of a site's policy, which the chat answers from. */
export interface StoredPolicy {
  site: string;
  lang: Lang;
  markdown: string;
  url: string;
  version: string;
}

/** Chat conversations and the policies they answer from. */
export interface ChatStore {
  createConversation(c: { id: string; site: string; lang: Lang; tokenHash: string; at: Date }): void;
  /** Ended conversations are gone: undefined, as for an unknown id. */
  getConversation(id: string): StoredConversation | undefined;
  /** Stores a message with the next seq and bumps the conversation's last activity. */
  appendMessage(conversationId: string, message: NewChatMessage): ChatMessage;
  findMessage(conversationId: string, id: string): (ChatMessage & { toPerson: boolean }) | undefined;
  findReplyTo(conversationId: string, id: string): ChatMessage | undefined;
  messagesAfter(conversationId: string, afterSeq: number, limit?: number): ChatMessage[];
  handOver(conversationId: string, replyEmail: string | undefined, at: Date): void;
  /** Ends it and erases its messages and reply address: the visitor asked us to forget it. */
  endConversation(conversationId: string, at: Date): void;
  /** Not ended, newest activity first. */
  /** `sites`: only these sites (the caller's); undefined: every site. */
  listConversations(options?: { site?: string; sites?: readonly string[]; limit?: number }): ConversationSummary[];
  /** As listConversations, with what the inbox shows, unread counted for `reader` (an account id). */
  listInbox(options: { site?: string; sites?: readonly string[]; reader: number; limit?: number }): InboxConversation[];
  /** `accountId` null: nobody. */
  assignConversation(conversationId: string, accountId: number | null): void;
  /** Closes it for good (the first close counts); false when it was already closed or is gone. */
  closeConversation(conversationId: string, at: Date): boolean;
  /** Moves the account's read position forward to `seq` (never back). */
  markConversationRead(conversationId: string, accountId: number, seq: number): void;

  putPolicy(policy: StoredPolicy): void;
  getPolicy(site: string, lang: Lang): (StoredPolicy & { updatedAt: string }) | undefined;

  /** The map of one policy version onto the intents, as JSON, replaced when that version is saved again. */
  putPolicyMap(key: PolicyKey, map: string): void;
  getPolicyMap(key: PolicyKey): { map: string; builtAt: string } | undefined;
  /** The owner's choices for one policy version, by intent. */
  getPolicyChoices(key: PolicyKey): Record<string, PolicyChoice>;
  /** `null` removes the choice: the chat answers as it found. */
  setPolicyChoice(key: PolicyKey, intent: string, choice: PolicyChoice | null): void;

  /** Where a language version was imported from, replaced by the next import. */
  putPolicyImport(record: PolicyImport): void;
  getPolicyImport(site: string, lang: Lang): PolicyImport | undefined;
  /** Every imported policy, for the daily re-read. */
  listPolicyImports(): PolicyImport[];
}

/** A policy read from an address on the site's own origins, re-read daily. */
export interface PolicyImport {
  site: string;
  lang: Lang;
  url: string;
  /** SHA-256 (hex) of the text last read, to notice a change. */
  hash: string;
  checkedAt: string;
  /** When a daily re-read last found a changed text (the console shows it), or null. */
  changedAt: string | null;
}

export interface PolicyKey {
  site: string;
  lang: Lang;
  version: string;
}

/** Another section of the policy, or a short answer of the owner's own (one of the two). */
export type PolicyChoice = { sectionId: string; answer?: undefined } | { answer: string; sectionId?: undefined };

export type CodeCheck =
  | { ok: true }
  | { ok: false; reason: 'wrong_code'; attemptsLeft: number }
  | { ok: false; reason: 'too_many_attempts' | 'code_expired' | 'no_code' };

/** Rights requests, their verification codes and their append-only audit trail. */
export interface RightsStore {
  createRightsRequest(r: Omit<StoredRightsRequest, 'status' | 'verifiedAt' | 'reference' | 'dueAt' | 'receivedAt'> & { receivedAt: Date }): void;
  getRightsRequest(id: string): StoredRightsRequest | undefined;
  /**
   * Issues a code (kept only as an HMAC) and retires any earlier one for the request; false, and
   * nothing issued, once the request has had `maxCodes` codes over its whole life.
   */
  issueVerificationCode(requestId: string, code: string, at: Date, expiresAt: Date, maxCodes?: number): boolean;
  /**
   * Counts the attempt; a right code is used up, a `maxAttempts`th wrong one kills the code, and
   * once all the request's codes together had `maxGuesses` attempts no code works any more.
   */
  checkVerificationCode(requestId: string, code: string, at: Date, maxAttempts: number, maxGuesses?: number): CodeCheck;
  /** Marks it verified with a per-site reference (`NF-2026-000123`) and its due date. */
  markVerified(requestId: string, at: Date, dueAt: Date, referencePrefix: string): StoredRightsRequest;
  setRightsStatus(requestId: string, status: RightsStatus, at: Date, actor: string): StoredRightsRequest;
  appendRequestEvent(requestId: string, type: string, actor: string, at: Date, data?: Record<string, unknown>): void;
  requestEvents(requestId: string): { at: string; type: string; actor: string; data: Record<string, unknown> | null }[];
  /**
   * Counts one hit on a limit's fixed window (`windowStart`, ms since the epoch) and returns the
   * window's hits so far, this one included. Kept in the database, so a restart does not reset it;
   * the key (an address group, a request) is stored only as a keyed hash.
   */
  hitRateLimit(name: string, key: string, windowStart: number): number;
  /** Forgets windows that started before `before`. */
  sweepRateLimits(before: number): void;
  /** Soonest due first; unverified ones last, newest first. */
  /** `sites`: only these sites (the caller's); undefined: every site. */
  listRightsRequests(options?: { site?: string; sites?: readonly string[]; status?: RightsStatus[] }): StoredRightsRequest[];
}
