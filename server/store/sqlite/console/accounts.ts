import type Database from 'better-sqlite3';
import { hmacHex, randomToken, sha256Hex } from '../../../util/crypto.ts';
import type { Account, ConsoleStore, Role, ThrottleState, ThrottleSubject } from '../../console-types.ts';

interface AccountRow {
  id: number;
  email: string;
  role: Role;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

const toAccount = (r: AccountRow): Account => ({ id: r.id, email: r.email, role: r.role, createdAt: r.created_at, disabled: r.disabled_at !== null });

const normalise = (email: string) => email.trim().toLowerCase();

/**
 * How recent a stored failure must be to count as one that landed between the caller's read and
 * its write. Far below any policy's forget window (a day), far above a login request's duration.
 */
const CONCURRENT_WINDOW_MINUTES = 5;

type AccountMethods = Pick<
  ConsoleStore,
  | 'createAccount' | 'setAccountPassword' | 'findAccountForLogin' | 'listAccounts' | 'setAccountDisabled'
  | 'createSession' | 'findSession' | 'touchSession' | 'deleteSession' | 'deleteSessionsOf'
  | 'loginThrottle' | 'recordLoginFailure' | 'clearLoginFailures'
>;

/** Staff accounts, their sessions and the login throttle. */
export function createAccountRepo(db: Database.Database, hmacKey: string, clock: () => Date): AccountMethods {
  const byEmail = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE email = ?');
  const sessionBy = db.prepare<[string], AccountRow & { csrf_token: string; s_created: string; last_seen_at: string }>(
    `SELECT a.*, s.csrf_token, s.created_at AS s_created, s.last_seen_at FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?`,
  );
  // The throttle key is a keyed hash: the table must not become a list of who tried to sign in from where.
  const throttleKey = (s: ThrottleSubject) =>
    hmacHex(hmacKey, s.kind === 'account' ? `login:account:${normalise(s.email)}` : `login:address:${s.address}`);

  return {
    createAccount({ email, role, passwordHash }) {
      const row = db
        .prepare<[string, string, string, string], AccountRow>('INSERT INTO accounts (email, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING *')
        .get(normalise(email), role, passwordHash, clock().toISOString())!;
      return toAccount(row);
    },
    setAccountPassword(email, passwordHash) {
      return db.prepare('UPDATE accounts SET password_hash = ? WHERE email = ?').run(passwordHash, normalise(email)).changes > 0;
    },
    findAccountForLogin(email) {
      const row = byEmail.get(normalise(email));
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
      const token = randomToken('cs_');
      const csrfToken = randomToken('');
      db.prepare('INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(
        sha256Hex(token), accountId, csrfToken, at.toISOString(), at.toISOString(),
      );
      return { token, csrfToken };
    },
    findSession(token) {
      const row = sessionBy.get(sha256Hex(token));
      if (!row) return undefined;
      return { account: toAccount(row), csrfToken: row.csrf_token, createdAt: row.s_created, lastSeenAt: row.last_seen_at };
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
      const row = db
        .prepare<[string], { failures: number; last_failure_at: string; locked_until: string | null }>('SELECT * FROM login_throttle WHERE key = ?')
        .get(throttleKey(subject));
      return row ? ({ failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until } satisfies ThrottleState) : undefined;
    },
    recordLoginFailure(subject, { failures, at, lockedUntil }) {
      // The caller computed `failures` from a read it made earlier. When another failure was stored
      // since (two wrong passwords whose awaits interleaved), the stored count is not below the
      // computed one: count this failure on top of it, so none is lost. A stored count that is
      // recent (CONCURRENT_WINDOW_MINUTES) is not a stale one the policy chose to forget.
      const concurrent = `(excluded.failures <= t.failures AND (excluded.failures > 1
        OR julianday(t.last_failure_at) > julianday(excluded.last_failure_at) - ${CONCURRENT_WINDOW_MINUTES} / 1440.0))`;
      db.prepare(
        `INSERT INTO login_throttle AS t (key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN ${concurrent} THEN t.failures + 1 ELSE excluded.failures END,
           last_failure_at = CASE WHEN ${concurrent} THEN MAX(t.last_failure_at, excluded.last_failure_at) ELSE excluded.last_failure_at END,
           locked_until = CASE WHEN ${concurrent} THEN NULLIF(MAX(COALESCE(t.locked_until, ''), COALESCE(excluded.locked_until, '')), '') ELSE excluded.locked_until END`,
      ).run(throttleKey(subject), failures, at.toISOString(), lockedUntil?.toISOString() ?? null);
    },
    clearLoginFailures(subject) {
      db.prepare('DELETE FROM login_throttle WHERE key = ?').run(throttleKey(subject));
    },
  };
}
