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
  /** New codes per request. @default 3 in 15 minutes */
  resendsPerRequest: RateLimiter;
  /** Policy questions (chips) per client address. @default 60 a minute */
  asksPerClient: RateLimiter;
}

const MINUTE = 60_000;

export function createChatDeps({ clock, log }: { clock: () => Date; log: Logger }, given: Partial<ChatDeps> = {}): ChatDeps {
  const limit = (n: number, windowMs: number) => createRateLimiter({ limit: n, windowMs, clock });
  return {
    mailer: given.mailer ?? droppingMailer(log),
    bus: given.bus ?? createMemoryBus(),
    policies: given.policies ?? createPolicyLibrary(),
    heartbeatSeconds: given.heartbeatSeconds ?? 15,
    timeZone: given.timeZone ?? 'Europe/Oslo',
    limits: {
      messagesPerConversation: limit(20, MINUTE),
      writesPerClient: limit(60, MINUTE),
      requestsPerEmail: limit(3, 60 * MINUTE),
      requestsPerClient: limit(10, 60 * MINUTE),
      resendsPerRequest: limit(3, 15 * MINUTE),
      asksPerClient: limit(60, MINUTE),
      ...given.limits,
    },
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
