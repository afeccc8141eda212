import { sha256Hex } from '../../../util/crypto.ts';
import type { ConsoleStore, ThrottleSubject } from '../../console-types.ts';
import { normaliseEmail } from '../../hashing.ts';
import {
  CONCURRENT_WINDOW_MINUTES, legacyRole, newSessionTokens, throttleKey, toAccount, toSession, toThrottleState,
  type AccountRow, type AccountSiteRow, type SessionRow, type ThrottleRow,
} from '../../rows/index.ts';
import type { Async } from '../../types.ts';
import type { PgContext } from '../context.ts';

type AccountMethods = Async<Pick<
  ConsoleStore,
  | 'createAccount' | 'setAccountPassword' | 'findAccountForLogin' | 'listAccounts' | 'setAccountDisabled'
  | 'findAccount' | 'setAccountAdmin' | 'setSiteRole'
  | 'createSession' | 'findSession' | 'touchSession' | 'deleteSession' | 'deleteSessionsOf'
  | 'loginThrottle' | 'recordLoginFailure' | 'clearLoginFailures'
>>;

/** Staff accounts, their sessions and the login throttle, as sqlite/console/accounts.ts. */
export function createAccountRepo({ sql, hmacKey, clock }: PgContext): AccountMethods {
  const keyOf = (s: ThrottleSubject) => throttleKey(hmacKey, s);
  const recentWindow = `${CONCURRENT_WINDOW_MINUTES} minutes`;
  const account = async (row: AccountRow) =>
    toAccount(row, await sql<AccountSiteRow[]>`SELECT * FROM account_sites WHERE account_id = ${row.id} ORDER BY site COLLATE "C"`);

  return {
    async createAccount({ email, passwordHash, admin = false, sites = [] }) {
      // One transaction: an account is never there without the roles it was made with.
      const row = await sql.begin(async (tx) => {
        const [created] = await tx<AccountRow[]>`
          INSERT INTO accounts (email, role, admin, password_hash, created_at)
          VALUES (${normaliseEmail(email)}, ${legacyRole(admin)}, ${admin}, ${passwordHash}, ${clock().toISOString()}) RETURNING *`;
        for (const s of sites) await tx`INSERT INTO account_sites (account_id, site, role) VALUES (${created!.id}, ${s.site}, ${s.role})`;
        return created!;
      });
      return account(row);
    },
    async findAccount(id) {
      const [row] = await sql<AccountRow[]>`SELECT * FROM accounts WHERE id = ${id}`;
      return row && account(row);
    },
    async setAccountAdmin(id, admin) {
      return (await sql`UPDATE accounts SET admin = ${admin} WHERE id = ${id}`).count > 0;
    },
    async setSiteRole(accountId, site, role) {
      const [known] = await sql`SELECT (SELECT 1 FROM accounts WHERE id = ${accountId}) AS account, (SELECT 1 FROM sites WHERE key = ${site}) AS site`;
      if (!known?.account || !known.site) return false;
      if (role) {
        await sql`INSERT INTO account_sites (account_id, site, role) VALUES (${accountId}, ${site}, ${role})
          ON CONFLICT (account_id, site) DO UPDATE SET role = excluded.role`;
      } else await sql`DELETE FROM account_sites WHERE account_id = ${accountId} AND site = ${site}`;
      return true;
    },
    async setAccountPassword(email, passwordHash) {
      return (await sql`UPDATE accounts SET password_hash = ${passwordHash} WHERE email = ${normaliseEmail(email)}`).count > 0;
    },
    async findAccountForLogin(email) {
      const [row] = await sql<AccountRow[]>`SELECT * FROM accounts WHERE email = ${normaliseEmail(email)}`;
      return row ? { ...await account(row), passwordHash: row.password_hash } : undefined;
    },
    // COLLATE "C": byte order, as SQLite sorts text, whatever the database's locale.
    async listAccounts() {
      const roles = await sql<AccountSiteRow[]>`SELECT * FROM account_sites ORDER BY site COLLATE "C"`;
      return (await sql<AccountRow[]>`SELECT * FROM accounts ORDER BY email COLLATE "C"`).map((r) => toAccount(r, roles));
    },
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
      return toSession(row, await sql<AccountSiteRow[]>`SELECT * FROM account_sites WHERE account_id = ${row.id} ORDER BY site COLLATE "C"`);
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
    async recordLoginFailure(subject, { failures, at, lockedUntil }) {
      // The caller computed `failures` from a read it made earlier. When another failure was stored
      // since (a burst of wrong passwords over several instances), the stored count is not below
      // the computed one: count this failure on top of it instead, so no failure is lost. One
      // statement, so concurrent writers queue on the row. Sequential calls store what was given.
      const concurrent = sql`(excluded.failures <= t.failures AND (excluded.failures > 1
        OR t.last_failure_at::timestamptz > excluded.last_failure_at::timestamptz - ${recentWindow}::interval))`;
      await sql`
        INSERT INTO login_throttle AS t (key, failures, last_failure_at, locked_until)
        VALUES (${keyOf(subject)}, ${failures}, ${at.toISOString()}, ${lockedUntil?.toISOString() ?? null})
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN ${concurrent} THEN t.failures + 1 ELSE excluded.failures END,
          last_failure_at = CASE WHEN ${concurrent} THEN GREATEST(t.last_failure_at COLLATE "C", excluded.last_failure_at) ELSE excluded.last_failure_at END,
          locked_until = CASE WHEN ${concurrent} THEN GREATEST(t.locked_until COLLATE "C", excluded.locked_until) ELSE excluded.locked_until END`;
    },
    async clearLoginFailures(subject) {
      await sql`DELETE FROM login_throttle WHERE key = ${keyOf(subject)}`;
    },
  };
}
