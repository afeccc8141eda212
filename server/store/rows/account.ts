import { hmacHex, randomToken, sha256Hex } from '../../util/crypto.ts';
import type { Account, Role, StoredSession, ThrottlePolicy, ThrottleState, ThrottleSubject } from '../console-types.ts';
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
  if (s.kind === 'pair') return hmacHex(hmacKey, `login:pair:${normaliseEmail(s.email)}:${s.address}`);
  return hmacHex(hmacKey, s.kind === 'account' ? `login:account:${normaliseEmail(s.email)}` : `login:address:${s.address}`);
}

/** The account a counter belongs to (its `account_key`), so an owner can lift all of its locks at once; null for an address. */
export function throttleAccountKey(hmacKey: string, s: ThrottleSubject): string | null {
  return s.kind === 'address' ? null : throttleKey(hmacKey, { kind: 'account', email: s.email });
}

/** What claiming one more attempt on a counter gives: a wait (nothing written), or the counter to write. */
export type ClaimVerdict = { waitMs: number; next?: undefined } | { waitMs: 0; next: { failures: number; at: string; lockedUntil: string | null } };

/** Judges one claim; the backend writes every `next` in the same transaction only when no claim waits. */
export function judgeClaim(row: ThrottleRow | undefined, at: Date, policy: ThrottlePolicy): ClaimVerdict {
  const now = at.getTime();
  const locked = row?.locked_until ? Date.parse(row.locked_until) - now : 0;
  if (locked > 0) return { waitMs: locked };
  const stale = !row || now - Date.parse(row.last_failure_at) > policy.forgetMs;
  const failures = (stale ? 0 : row.failures) + 1;
  const lockMs = failures < policy.free ? 0 : Math.min(policy.baseMs * 2 ** (failures - policy.free), policy.maxMs);
  return { waitMs: 0, next: { failures, at: at.toISOString(), lockedUntil: lockMs ? new Date(now + lockMs).toISOString() : null } };
}

/** A new session's tokens; only the session token's SHA-256 is stored. */
export function newSessionTokens(): { token: string; tokenHash: string; csrfToken: string } {
  const token = randomToken('cs_');
  return { token, tokenHash: sha256Hex(token), csrfToken: randomToken('') };
}
