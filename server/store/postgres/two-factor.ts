import { randomToken, sha256Hex } from '../../util/crypto.ts';
import { toAccount, type AccountRow, type AccountSiteRow } from '../rows/index.ts';
import { sealContext } from '../seal-context.ts';
import type { LoginChallengePurpose, TwoFactorStore } from '../two-factor-types.ts';
import type { Async } from '../types.ts';
import type { PgContext } from './context.ts';

interface TotpRow { secret: string; enabled_at: string | null; last_step: number | null }
type ChallengeRow = AccountRow & { purpose: LoginChallengePurpose };

/** As sqlite/two-factor.ts. */
export function createTwoFactorRepo({ sql, cipher }: PgContext): Async<TwoFactorStore> {
  const challenge = async (r: ChallengeRow | undefined) =>
    r && { account: toAccount(r, await sql<AccountSiteRow[]>`SELECT * FROM account_sites WHERE account_id = ${r.id} ORDER BY site COLLATE "C"`), purpose: r.purpose };
  return {
    async twoFactorOf(accountId) {
      const [row] = await sql<TotpRow[]>`SELECT secret, enabled_at, last_step FROM account_totp WHERE account_id = ${accountId}`;
      return row && { secret: cipher.open(row.secret, sealContext.totpSecret(accountId)), enabledAt: row.enabled_at, lastStep: row.last_step };
    },
    async beginTwoFactor(accountId, secret, at) {
      const sealed = cipher.seal(secret, sealContext.totpSecret(accountId));
      return (await sql`
        INSERT INTO account_totp (account_id, secret, created_at) VALUES (${accountId}, ${sealed}, ${at.toISOString()})
        ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = NULL
        WHERE account_totp.enabled_at IS NULL`).count > 0;
    },
    async enableTwoFactor(accountId, step, hashes, at) {
      return sql.begin(async (tx) => {
        const on = (await tx`UPDATE account_totp SET enabled_at = ${at.toISOString()}, last_step = ${step} WHERE account_id = ${accountId} AND enabled_at IS NULL`).count > 0;
        if (!on) return false;
        await tx`DELETE FROM account_recovery_codes WHERE account_id = ${accountId}`;
        if (hashes.length) await tx`INSERT INTO account_recovery_codes ${tx(hashes.map((code_hash) => ({ account_id: accountId, code_hash })))}`;
        return true;
      });
    },
    async claimTwoFactorStep(accountId, step) {
      return (await sql`UPDATE account_totp SET last_step = ${step} WHERE account_id = ${accountId} AND enabled_at IS NOT NULL AND (last_step IS NULL OR last_step < ${step})`).count > 0;
    },
    async useRecoveryCode(accountId, codeHash, at) {
      return (await sql`UPDATE account_recovery_codes SET used_at = ${at.toISOString()} WHERE account_id = ${accountId} AND code_hash = ${codeHash} AND used_at IS NULL`).count > 0;
    },
    async recoveryCodesLeft(accountId) {
      const [row] = await sql<{ n: number }[]>`SELECT COUNT(*)::integer AS n FROM account_recovery_codes WHERE account_id = ${accountId} AND used_at IS NULL`;
      return row!.n;
    },
    async removeTwoFactor(accountId) {
      return sql.begin(async (tx) => {
        await tx`DELETE FROM account_recovery_codes WHERE account_id = ${accountId}`;
        return (await tx`DELETE FROM account_totp WHERE account_id = ${accountId}`).count > 0;
      });
    },

    async createLoginChallenge(accountId, purpose, at, expiresAt) {
      const token = randomToken('lc_');
      // One pending sign-in per account: a new password step replaces an older one and its attempts.
      await sql.begin(async (tx) => {
        await tx`DELETE FROM login_challenges WHERE account_id = ${accountId} OR expires_at <= ${at.toISOString()}`;
        await tx`INSERT INTO login_challenges (token_hash, account_id, purpose, created_at, expires_at)
          VALUES (${sha256Hex(token)}, ${accountId}, ${purpose}, ${at.toISOString()}, ${expiresAt.toISOString()})`;
      });
      return token;
    },
    async findLoginChallenge(token, at) {
      const [row] = await sql<ChallengeRow[]>`
        SELECT a.*, c.purpose FROM login_challenges c JOIN accounts a ON a.id = c.account_id
        WHERE c.token_hash = ${sha256Hex(token)} AND c.expires_at > ${at.toISOString()}`;
      return challenge(row);
    },
    async claimLoginChallenge(token, at, maxAttempts) {
      const hash = sha256Hex(token);
      // One statement, so concurrent guesses on one pending sign-in queue on its row and each is counted.
      const [row] = await sql<ChallengeRow[]>`
        WITH claimed AS (
          UPDATE login_challenges SET attempts = attempts + 1
          WHERE token_hash = ${hash} AND expires_at > ${at.toISOString()} AND attempts < ${maxAttempts}
          RETURNING account_id, purpose)
        SELECT a.*, claimed.purpose FROM claimed JOIN accounts a ON a.id = claimed.account_id`;
      if (!row) await sql`DELETE FROM login_challenges WHERE token_hash = ${hash}`;
      return challenge(row);
    },
    async deleteLoginChallenge(token) {
      await sql`DELETE FROM login_challenges WHERE token_hash = ${sha256Hex(token)}`;
    },

    async siteRequiresTwoFactor(site) {
      return (await sql`SELECT 1 FROM site_two_factor WHERE site = ${site}`).length > 0;
    },
    async setSiteRequiresTwoFactor(site, required, at) {
      await sql.begin(async (tx) => {
        if (!required) return void (await tx`DELETE FROM site_two_factor WHERE site = ${site}`);
        await tx`INSERT INTO site_two_factor (site, required_at) VALUES (${site}, ${at.toISOString()}) ON CONFLICT (site) DO NOTHING`;
        // The site's staff without it are signed out (an administrator works on every site); other sites' staff keep their sessions.
        await tx`DELETE FROM sessions
          WHERE account_id IN (SELECT account_id FROM account_sites WHERE site = ${site} UNION SELECT id FROM accounts WHERE admin)
            AND account_id NOT IN (SELECT account_id FROM account_totp WHERE enabled_at IS NOT NULL)`;
      });
    },
    async twoFactorRequiredFor(accountId) {
      // A site the account works on requires it; an administrator works on every site.
      return (await sql`SELECT 1 FROM site_two_factor t
        WHERE t.site IN (SELECT site FROM account_sites WHERE account_id = ${accountId}) OR EXISTS (SELECT 1 FROM accounts WHERE id = ${accountId} AND admin)
        LIMIT 1`).length > 0;
    },
  };
}
