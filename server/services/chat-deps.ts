import type { Logger } from '../log.ts';
import { createPolicyLibrary, type PolicyLibrary } from './answers/index.ts';
import { createMemoryBus, type MessageBus } from './live/index.ts';
import type { Mailer } from './mail/index.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';

/** What the chat and rights routes need beyond the store. Every part has a default but mail. */
export interface ChatDeps {
  /** @default a mailer that drops mail with a warning (tests of routes that send none) */
  mailer: Mailer;
  /** @default in-process */
  bus: MessageBus;
  policies: PolicyLibrary;
  limits: ChatLimits;
  /** Seconds between SSE keep-alive comments. @default 15 */
  heartbeatSeconds: number;
  /** Calendar for legal deadlines. @default 'Europe/Oslo' */
  timeZone: string;
}

export interface ChatLimits {
  /** Visitor messages per conversation. @default 20 a minute */
  messagesPerConversation: RateLimiter;
  /** Every chat and rights write from one client address. @default 60 a minute */
  writesPerClient: RateLimiter;
  /** New rights requests per email address. @default 3 an hour */
  requestsPerEmail: RateLimiter;
  /** New rights requests per client address. @default 10 an hour */
  requestsPerClient: RateLimiter;
  /** Policy questions (chips) per client address. @default 60 a minute */
  asksPerClient: RateLimiter;
}

const MINUTE = 60_000;

export function createChatDeps({ clock, log }: { clock: () => Date; log: Logger }, given: Partial<ChatDeps> = {}): ChatDeps {
  return {
    mailer: given.mailer ?? droppingMailer(log),
    bus: given.bus ?? createMemoryBus(),
    policies: given.policies ?? createPolicyLibrary(),
    heartbeatSeconds: given.heartbeatSeconds ?? 15,
    timeZone: given.timeZone ?? 'Europe/Oslo',
    limits: { ...chatLimits((_name, limit, windowMs) => createRateLimiter({ limit, windowMs, clock })), ...given.limits },
  };
}

/** The chat's limits, each made by `make` (in memory for one process, in PostgreSQL for several). */
export function chatLimits(make: (name: keyof ChatLimits, limit: number, windowMs: number) => RateLimiter): ChatLimits {
  return {
    messagesPerConversation: make('messagesPerConversation', 20, MINUTE),
    writesPerClient: make('writesPerClient', 60, MINUTE),
    requestsPerEmail: make('requestsPerEmail', 3, 60 * MINUTE),
    requestsPerClient: make('requestsPerClient', 10, 60 * MINUTE),
    asksPerClient: make('asksPerClient', 60, MINUTE),
  };
}

function droppingMailer(log: Logger): Mailer {
  return {
    target: 'none',
    async send(mail) {
      log.warn('mail dropped: no mailer configured', { kind: mail.kind });
    },
    close() {},
  };
}
