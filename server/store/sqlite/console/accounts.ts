import type Database from 'better-sqlite3';
import { sha256Hex } from '../../../util/crypto.ts';
import type { ConsoleStore, LoginClaim, ThrottleSubject } from '../../console-types.ts';
import { normaliseEmail } from '../../hashing.ts';
import {
  judgeClaim, legacyRole, newSessionTokens, throttleAccountKey, throttleKey, toAccount, toSession, toThrottleState,
  type AccountRow, type AccountSiteRow, type SessionRow, type ThrottleRow,
} from '../../rows/index.ts';

type AccountMethods = Pick<
  ConsoleStore,
  | 'createAccount' | 'setAccountPassword' | 'findAccountForLogin' | 'listAccounts' | 'setAccountDisabled'
  | 'findAccount' | 'setAccountAdmin' | 'setSiteRole'
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
  const sitesOf = db.prepare<[number], AccountSiteRow>('SELECT * FROM account_sites WHERE account_id = ? ORDER BY site');
  const byId = db.prepare<[number], AccountRow>('SELECT * FROM accounts WHERE id = ?');
  const account = (row: AccountRow) => toAccount(row, sitesOf.all(row.id));
  const putRole = db.prepare<[number, string, string]>(
    'INSERT INTO account_sites (account_id, site, role) VALUES (?, ?, ?) ON CONFLICT (account_id, site) DO UPDATE SET role = excluded.role',
  );
  const create = db.transaction(({ email, passwordHash, admin = false, sites = [] }: Parameters<AccountMethods['createAccount']>[0]) => {
    const row = db
      .prepare<[string, string, number, string, string], AccountRow>('INSERT INTO accounts (email, role, admin, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *')
      .get(normaliseEmail(email), legacyRole(admin), admin ? 1 : 0, passwordHash, clock().toISOString())!;
    for (const s of sites) putRole.run(row.id, s.site, s.role);
    return account(row);
  });

  return {
    // One transaction: an account is never there without the roles it was made with.
    createAccount: (input) => create.immediate(input),
    findAccount(id) {
      const row = byId.get(id);
      return row && account(row);
    },
    setAccountAdmin(id, admin) {
      return db.prepare('UPDATE accounts SET admin = ? WHERE id = ?').run(admin ? 1 : 0, id).changes > 0;
    },
    setSiteRole(accountId, site, role) {
      if (!byId.get(accountId) || !db.prepare('SELECT 1 FROM sites WHERE key = ?').get(site)) return false;
      if (role) putRole.run(accountId, site, role);
      else db.prepare('DELETE FROM account_sites WHERE account_id = ? AND site = ?').run(accountId, site);
      return true;
    },
    setAccountPassword(email, passwordHash) {
      return db.prepare('UPDATE accounts SET password_hash = ? WHERE email = ?').run(passwordHash, normaliseEmail(email)).changes > 0;
    },
    findAccountForLogin(email) {
      const row = byEmail.get(normaliseEmail(email));
      return row ? { ...account(row), passwordHash: row.password_hash } : undefined;
    },
    listAccounts() {
      const roles = db.prepare<[], AccountSiteRow>('SELECT * FROM account_sites ORDER BY site').all();
      return db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY email').all().map((r) => toAccount(r, roles));
    },
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
      return toSession(row, sitesOf.all(row.id));
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
