import { hmacHex, randomToken, sha256Hex } from '../../util/crypto.ts';
import type { Account, Role, StoredSession, ThrottleState, ThrottleSubject } from '../console-types.ts';
import { normaliseEmail } from '../hashing.ts';

/** An accounts row: a member of staff who signs in to the console. */
export interface AccountRow {
  id: number;
  email: string;
  role: Role;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

/** A sessions row joined with its account. */
export type SessionRow = AccountRow & { csrf_token: string; s_created: string; last_seen_at: string };

export interface ThrottleRow {
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

/**
 * How recent a stored failure must be to count as one that landed between the caller's read and
 * its write. Far below any policy's forget window (a day), far above a login request's duration.
 */
export const CONCURRENT_WINDOW_MINUTES = 5;

export function toAccount(r: AccountRow): Account {
  return { id: r.id, email: r.email, role: r.role, createdAt: r.created_at, disabled: r.disabled_at !== null };
}

export function toSession(r: SessionRow): StoredSession {
  return { account: toAccount(r), csrfToken: r.csrf_token, createdAt: r.s_created, lastSeenAt: r.last_seen_at };
}

export function toThrottleState(r: ThrottleRow): ThrottleState {
  return { failures: r.failures, lastFailureAt: r.last_failure_at, lockedUntil: r.locked_until };
}

/** The throttle key is a keyed hash: the table must not become a list of who tried to sign in from where. */
export function throttleKey(hmacKey: string, s: ThrottleSubject): string {
  return hmacHex(hmacKey, s.kind === 'account' ? `login:account:${normaliseEmail(s.email)}` : `login:address:${s.address}`);
}

/** A new session's tokens; only the session token's SHA-256 is stored. */
export function newSessionTokens(): { token: string; tokenHash: string; csrfToken: string } {
  const token = randomToken('cs_');
  return { token, tokenHash: sha256Hex(token), csrfToken: randomToken('') };
}
