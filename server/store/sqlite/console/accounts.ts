import type Database from 'better-sqlite3';
import { sha256Hex } from '../../../util/crypto.ts';
import type { ConsoleStore, LoginClaim, ThrottleSubject } from '../../console-types.ts';
import { normaliseEmail } from '../../hashing.ts';
import {
  judgeClaim, newSessionTokens, throttleAccountKey, throttleKey, toAccount, toSession, toThrottleState,
  type AccountRow, type SessionRow, type ThrottleRow,
} from '../../rows/index.ts';

type AccountMethods = Pick<
  ConsoleStore,
  | 'createAccount' | 'setAccountPassword' | 'findAccountForLogin' | 'listAccounts' | 'setAccountDisabled'
  | 'createSession' | 'findSession' | 'touchSession' | 'deleteSession' | 'deleteSessionsOf'
  | 'loginThrottle' | 'claimLoginAttempt' | 'releaseLoginAttempt' | 'clearLoginFailures' | 'clearAccountLocks'
>;

/** Staff accounts, their sessions and the login throttle. */
export function createAccountRepo(db: Database.Database, hmacKey: string, clock: () => Date): AccountMethods {
  const byEmail = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE email = ?');
  const sessionBy = db.prepare<[string], SessionRow>(
    `SELECT a.*, s.csrf_token, s.created_at AS s_created, s.last_seen_at FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?`,
  );
  const keyOf = (s: ThrottleSubject) => throttleKey(hmacKey, s);
  const throttleRow = db.prepare<[string], ThrottleRow>('SELECT * FROM login_throttle WHERE key = ?');
  // IMMEDIATE (below) takes the write lock before the reads, so no other attempt, in this process
  // or another, reads the counters between this one's read and its write.
  const claim = db.transaction((claims: LoginClaim[], at: Date) => {
    const verdicts = claims.map(({ subject, policy }) => judgeClaim(throttleRow.get(keyOf(subject)), at, policy));
    const waitMs = Math.max(0, ...verdicts.map((v) => v.waitMs));
    if (waitMs > 0) return { allowed: false as const, waitMs };
    const write = db.prepare(
      `INSERT INTO login_throttle (key, account_key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET account_key = excluded.account_key, failures = excluded.failures,
         last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
    );
    claims.forEach(({ subject }, i) => {
      const next = verdicts[i]!.next!;
      write.run(keyOf(subject), throttleAccountKey(hmacKey, subject), next.failures, next.at, next.lockedUntil);
    });
    return { allowed: true as const };
  });

  return {
    createAccount({ email, role, passwordHash }) {
      const row = db
        .prepare<[string, string, string, string], AccountRow>('INSERT INTO accounts (email, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING *')
        .get(normaliseEmail(email), role, passwordHash, clock().toISOString())!;
      return toAccount(row);
    },
    setAccountPassword(email, passwordHash) {
      return db.prepare('UPDATE accounts SET password_hash = ? WHERE email = ?').run(passwordHash, normaliseEmail(email)).changes > 0;
    },
    findAccountForLogin(email) {
      const row = byEmail.get(normaliseEmail(email));
      return row ? { ...toAccount(row), passwordHash: row.password_hash } : undefined;
    },
    listAccounts: () => db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY email').all().map(toAccount),
    setAccountDisabled(id, disabled) {
      const changed = db.prepare('UPDATE accounts SET disabled_at = ? WHERE id = ?').run(disabled ? clock().toISOString() : null, id).changes > 0;
      // A disabled account loses its sessions at once, not at their expiry.
      if (disabled) db.prepare('DELETE FROM sessions WHERE account_id = ?').run(id);
      return changed;
    },

    createSession(accountId, at) {
      const { token, tokenHash, csrfToken } = newSessionTokens();
      db.prepare('INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(
        tokenHash, accountId, csrfToken, at.toISOString(), at.toISOString(),
      );
      return { token, csrfToken };
    },
    findSession(token) {
      const row = sessionBy.get(sha256Hex(token));
      if (!row) return undefined;
      return toSession(row);
    },
    touchSession(token, at) {
      db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(at.toISOString(), sha256Hex(token));
    },
    deleteSession(token) {
      db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sha256Hex(token));
    },
    deleteSessionsOf(accountId) {
      db.prepare('DELETE FROM sessions WHERE account_id = ?').run(accountId);
    },

    loginThrottle(subject) {
      const row = throttleRow.get(keyOf(subject));
      return row && toThrottleState(row);
    },
    claimLoginAttempt: (claims, at) => claim.immediate(claims, at),
    releaseLoginAttempt({ subject, policy }) {
      db.prepare(
        `UPDATE login_throttle SET failures = MAX(failures - 1, 0),
           locked_until = CASE WHEN failures - 1 < ? THEN NULL ELSE locked_until END WHERE key = ?`,
      ).run(policy.free, keyOf(subject));
    },
    clearLoginFailures(subject) {
      db.prepare('DELETE FROM login_throttle WHERE key = ?').run(keyOf(subject));
    },
    clearAccountLocks(email) {
      return db.prepare('DELETE FROM login_throttle WHERE account_key = ?').run(keyOf({ kind: 'account', email })).changes;
    },
  };
}
