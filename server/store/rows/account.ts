import { hmacHex, randomToken, sha256Hex } from '../../util/crypto.ts';
import type { Account, Role, SiteRole, StoredSession, ThrottleState, ThrottleSubject } from '../console-types.ts';
import { normaliseEmail } from '../hashing.ts';

/** An accounts row: a member of staff who signs in to the console. */
export interface AccountRow {
  id: number;
  email: string;
  /** What the account was before per-site roles (migration 7 / 9); not read for any decision. */
  role: Role;
  /** SQLite 0/1, PostgreSQL boolean. */
  admin: number | boolean;
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

/** An account_sites row. */
export interface AccountSiteRow {
  account_id: number;
  site: string;
  role: Role;
}

export function toAccount(r: AccountRow, sites: readonly AccountSiteRow[]): Account {
  return {
    id: r.id, email: r.email, admin: !!r.admin, createdAt: r.created_at, disabled: r.disabled_at !== null,
    sites: sites.filter((s) => s.account_id === r.id).map((s): SiteRole => ({ site: s.site, role: s.role })),
  };
}

export function toSession(r: SessionRow, sites: readonly AccountSiteRow[]): StoredSession {
  return { account: toAccount(r, sites), csrfToken: r.csrf_token, createdAt: r.s_created, lastSeenAt: r.last_seen_at };
}

/** The legacy accounts.role written for a new account: what it would have been before per-site roles. */
export const legacyRole = (admin: boolean): Role => (admin ? 'owner' : 'agent');

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
