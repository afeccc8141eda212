import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from '../../errors.ts';
import type { Account, Store } from '../../store/index.ts';
import { accessOf, type Access } from './access.ts';

export const SESSION_COOKIE = 'samtykke_console';

export interface ConsoleSession {
  token: string;
  account: Account;
  csrfToken: string;
}

export type ConsoleEnv = { Variables: { session: ConsoleSession; access: Access } };

export interface SessionPolicy {
  /** A session unused this long is over. @default 8 hours */
  idleMs?: number;
  /** A session this old is over however busy it is. @default 24 hours */
  absoluteMs?: number;
}

export const DEFAULT_IDLE_MS = 8 * 60 * 60 * 1000;
export const DEFAULT_ABSOLUTE_MS = 24 * 60 * 60 * 1000;
// Writing last_seen on every request would make each read a write; a minute's slack is harmless.
const TOUCH_EVERY_MS = 60 * 1000;

/** Resolves the session cookie to a signed-in account, with sliding (idle) and absolute expiry. */
export function consoleSession({ store, clock, idleMs = DEFAULT_IDLE_MS, absoluteMs = DEFAULT_ABSOLUTE_MS }: { store: Store; clock: () => Date } & SessionPolicy): MiddlewareHandler<ConsoleEnv> {
  return async function consoleSessionHandler(c, next) {
    // Answers hold personal data: never keep them in a cache.
    c.header('Cache-Control', 'no-store');
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) throw new ApiError(401, 'no_session', 'Sign in first.');
    const found = await store.findSession(token);
    if (!found || found.account.disabled) throw new ApiError(401, 'no_session', 'Sign in first.');
    const now = clock().getTime();
    const lastSeen = Date.parse(found.lastSeenAt);
    if (now - Date.parse(found.createdAt) > absoluteMs || now - lastSeen > idleMs) {
      await store.deleteSession(token);
      throw new ApiError(401, 'session_expired', 'The session has expired; sign in again.');
    }
    if (now - lastSeen > TOUCH_EVERY_MS) await store.touchSession(token, new Date(now));
    c.set('session', { token, account: found.account, csrfToken: found.csrfToken });
    // Read with the session on every request: a role taken away counts from the next request on.
    c.set('access', accessOf(found.account));
    await next();
  };
}
