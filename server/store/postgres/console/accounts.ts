import { sha256Hex } from '../../../util/crypto.ts';
import type { ConsoleStore, LoginClaimResult, ThrottleSubject } from '../../console-types.ts';
import { normaliseEmail } from '../../hashing.ts';
import {
  judgeClaim, newSessionTokens, throttleAccountKey, throttleKey, toAccount, toSession, toThrottleState,
  type AccountRow, type SessionRow, type ThrottleRow,
} from '../../rows/index.ts';
import type { Async } from '../../types.ts';
import type { PgContext } from '../context.ts';

type AccountMethods = Async<Pick<
  ConsoleStore,
  | 'createAccount' | 'setAccountPassword' | 'findAccountForLogin' | 'listAccounts' | 'setAccountDisabled'
  | 'createSession' | 'findSession' | 'touchSession' | 'deleteSession' | 'deleteSessionsOf'
  | 'loginThrottle' | 'claimLoginAttempt' | 'releaseLoginAttempt' | 'clearLoginFailures' | 'clearAccountLocks'
>>;

/** Staff accounts, their sessions and the login throttle, as sqlite/console/accounts.ts. */
export function createAccountRepo({ sql, hmacKey, clock }: PgContext): AccountMethods {
  const keyOf = (s: ThrottleSubject) => throttleKey(hmacKey, s);

  return {
    async createAccount({ email, role, passwordHash }) {
      const [row] = await sql<AccountRow[]>`
        INSERT INTO accounts (email, role, password_hash, created_at) VALUES (${normaliseEmail(email)}, ${role}, ${passwordHash}, ${clock().toISOString()}) RETURNING *`;
      return toAccount(row!);
    },
    async setAccountPassword(email, passwordHash) {
      return (await sql`UPDATE accounts SET password_hash = ${passwordHash} WHERE email = ${normaliseEmail(email)}`).count > 0;
    },
    async findAccountForLogin(email) {
      const [row] = await sql<AccountRow[]>`SELECT * FROM accounts WHERE email = ${normaliseEmail(email)}`;
      return row ? { ...toAccount(row), passwordHash: row.password_hash } : undefined;
    },
    // COLLATE "C": byte order, as SQLite sorts text, whatever the database's locale.
    listAccounts: async () => (await sql<AccountRow[]>`SELECT * FROM accounts ORDER BY email COLLATE "C"`).map(toAccount),
    async setAccountDisabled(id, disabled) {
      return sql.begin(async (tx) => {
        const changed = (await tx`UPDATE accounts SET disabled_at = ${disabled ? clock().toISOString() : null} WHERE id = ${id}`).count > 0;
        // A disabled account loses its sessions at once, not at their expiry.
        if (disabled) await tx`DELETE FROM sessions WHERE account_id = ${id}`;
        return changed;
      });
    },

    async createSession(accountId, at) {
      const { token, tokenHash, csrfToken } = newSessionTokens();
      await sql`INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at)
        VALUES (${tokenHash}, ${accountId}, ${csrfToken}, ${at.toISOString()}, ${at.toISOString()})`;
      return { token, csrfToken };
    },
    async findSession(token) {
      const [row] = await sql<SessionRow[]>`
        SELECT a.*, s.csrf_token, s.created_at AS s_created, s.last_seen_at FROM sessions s JOIN accounts a ON a.id = s.account_id
        WHERE s.token_hash = ${sha256Hex(token)}`;
      if (!row) return undefined;
      return toSession(row);
    },
    async touchSession(token, at) {
      await sql`UPDATE sessions SET last_seen_at = ${at.toISOString()} WHERE token_hash = ${sha256Hex(token)}`;
    },
    async deleteSession(token) {
      await sql`DELETE FROM sessions WHERE token_hash = ${sha256Hex(token)}`;
    },
    async deleteSessionsOf(accountId) {
      await sql`DELETE FROM sessions WHERE account_id = ${accountId}`;
    },

    async loginThrottle(subject) {
      const [row] = await sql<ThrottleRow[]>`
        SELECT * FROM login_throttle WHERE key = ${keyOf(subject)}`;
      return row && toThrottleState(row);
    },
    claimLoginAttempt(claims, at) {
      // Each counter row is made if missing and locked FOR UPDATE, always in the caller's order
      // (pair, account, address), so parallel attempts on any instance queue on the rows and each
      // reads the count the one before it wrote. Rows made for a refused attempt stay at 0.
      return sql.begin(async (tx): Promise<LoginClaimResult> => {
        const verdicts = [];
        for (const { subject, policy } of claims) {
          const key = keyOf(subject);
          await tx`INSERT INTO login_throttle (key, account_key, failures, last_failure_at, locked_until)
            VALUES (${key}, ${throttleAccountKey(hmacKey, subject)}, 0, ${at.toISOString()}, NULL) ON CONFLICT (key) DO NOTHING`;
          const [row] = await tx<ThrottleRow[]>`SELECT * FROM login_throttle WHERE key = ${key} FOR UPDATE`;
          verdicts.push(judgeClaim(row, at, policy));
        }
        const waitMs = Math.max(0, ...verdicts.map((v) => v.waitMs));
        if (waitMs > 0) return { allowed: false, waitMs };
        for (const [i, { subject }] of claims.entries()) {
          const next = verdicts[i]!.next!;
          await tx`UPDATE login_throttle SET account_key = ${throttleAccountKey(hmacKey, subject)}, failures = ${next.failures},
            last_failure_at = ${next.at}, locked_until = ${next.lockedUntil} WHERE key = ${keyOf(subject)}`;
        }
        return { allowed: true };
      });
    },
    async releaseLoginAttempt({ subject, policy }) {
      await sql`UPDATE login_throttle SET failures = GREATEST(failures - 1, 0),
        locked_until = CASE WHEN failures - 1 < ${policy.free} THEN NULL ELSE locked_until END WHERE key = ${keyOf(subject)}`;
    },
    async clearLoginFailures(subject) {
      await sql`DELETE FROM login_throttle WHERE key = ${keyOf(subject)}`;
    },
    async clearAccountLocks(email) {
      return (await sql`DELETE FROM login_throttle WHERE account_key = ${keyOf({ kind: 'account', email })}`).count;
    },
  };
}
