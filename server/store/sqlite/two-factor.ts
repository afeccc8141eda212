import type Database from 'better-sqlite3';
import { randomToken, sha256Hex } from '../../util/crypto.ts';
import type { DataCipher } from '../../util/data-cipher.ts';
import { toAccount, type AccountRow, type AccountSiteRow } from '../rows/index.ts';
import { sealContext } from '../seal-context.ts';
import type { LoginChallengePurpose, TwoFactorStore } from '../two-factor-types.ts';

interface TotpRow { secret: string; enabled_at: string | null; last_step: number | null }
type ChallengeRow = AccountRow & { purpose: LoginChallengePurpose };

/** TOTP secrets (sealed), recovery codes (hashed), pending sign-ins and the sites that require two-factor. */
export function createTwoFactorRepo(db: Database.Database, cipher: DataCipher): TwoFactorStore {
  const sitesOf = db.prepare<[number], AccountSiteRow>('SELECT * FROM account_sites WHERE account_id = ? ORDER BY site');
  const challenge = (r: ChallengeRow | undefined) => r && { account: toAccount(r, sitesOf.all(r.id)), purpose: r.purpose };
  const challengeBy = db.prepare<[string, string], ChallengeRow>(
    'SELECT a.*, c.purpose FROM login_challenges c JOIN accounts a ON a.id = c.account_id WHERE c.token_hash = ? AND c.expires_at > ?',
  );
  const findChallenge = (token: string, at: Date) => challenge(challengeBy.get(sha256Hex(token), at.toISOString()));
  return {
    twoFactorOf(accountId) {
      const row = db.prepare<[number], TotpRow>('SELECT secret, enabled_at, last_step FROM account_totp WHERE account_id = ?').get(accountId);
      return row && { secret: cipher.open(row.secret, sealContext.totpSecret(accountId)), enabledAt: row.enabled_at, lastStep: row.last_step };
    },
    beginTwoFactor(accountId, secret, at) {
      const sealed = cipher.seal(secret, sealContext.totpSecret(accountId));
      return db.prepare(
        `INSERT INTO account_totp (account_id, secret, created_at) VALUES (?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = NULL
         WHERE account_totp.enabled_at IS NULL`,
      ).run(accountId, sealed, at.toISOString()).changes > 0;
    },
    enableTwoFactor(accountId, step, hashes, at) {
      return db.transaction(() => {
        const on = db.prepare('UPDATE account_totp SET enabled_at = ?, last_step = ? WHERE account_id = ? AND enabled_at IS NULL').run(at.toISOString(), step, accountId).changes > 0;
        if (!on) return false;
        db.prepare('DELETE FROM account_recovery_codes WHERE account_id = ?').run(accountId);
        const add = db.prepare('INSERT INTO account_recovery_codes (account_id, code_hash) VALUES (?, ?)');
        for (const h of hashes) add.run(accountId, h);
        return true;
      }).immediate();
    },
    claimTwoFactorStep(accountId, step) {
      return db.prepare('UPDATE account_totp SET last_step = ? WHERE account_id = ? AND enabled_at IS NOT NULL AND (last_step IS NULL OR last_step < ?)').run(step, accountId, step).changes > 0;
    },
    useRecoveryCode(accountId, codeHash, at) {
      return db.prepare('UPDATE account_recovery_codes SET used_at = ? WHERE account_id = ? AND code_hash = ? AND used_at IS NULL').run(at.toISOString(), accountId, codeHash).changes > 0;
    },
    recoveryCodesLeft(accountId) {
      return db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM account_recovery_codes WHERE account_id = ? AND used_at IS NULL').get(accountId)!.n;
    },
    removeTwoFactor(accountId) {
      return db.transaction(() => {
        db.prepare('DELETE FROM account_recovery_codes WHERE account_id = ?').run(accountId);
        return db.prepare('DELETE FROM account_totp WHERE account_id = ?').run(accountId).changes > 0;
      }).immediate();
    },

    createLoginChallenge(accountId, purpose, at, expiresAt) {
      const token = randomToken('lc_');
      // One pending sign-in per account: a new password step replaces an older one and its attempts.
      db.transaction(() => {
        db.prepare('DELETE FROM login_challenges WHERE account_id = ? OR expires_at <= ?').run(accountId, at.toISOString());
        db.prepare('INSERT INTO login_challenges (token_hash, account_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
          sha256Hex(token), accountId, purpose, at.toISOString(), expiresAt.toISOString(),
        );
      }).immediate();
      return token;
    },
    findLoginChallenge: findChallenge,
    claimLoginChallenge(token, at, maxAttempts) {
      const hash = sha256Hex(token);
      const claimed = db.prepare<[string, string, number], { account_id: number }>(
        'UPDATE login_challenges SET attempts = attempts + 1 WHERE token_hash = ? AND expires_at > ? AND attempts < ? RETURNING account_id',
      ).get(hash, at.toISOString(), maxAttempts);
      if (!claimed) {
        db.prepare('DELETE FROM login_challenges WHERE token_hash = ?').run(hash);
        return undefined;
      }
      return findChallenge(token, at);
    },
    deleteLoginChallenge(token) {
      db.prepare('DELETE FROM login_challenges WHERE token_hash = ?').run(sha256Hex(token));
    },

    siteRequiresTwoFactor(site) {
      return !!db.prepare('SELECT 1 FROM site_two_factor WHERE site = ?').get(site);
    },
    setSiteRequiresTwoFactor(site, required, at) {
      db.transaction(() => {
        if (!required) return void db.prepare('DELETE FROM site_two_factor WHERE site = ?').run(site);
        db.prepare('INSERT INTO site_two_factor (site, required_at) VALUES (?, ?) ON CONFLICT (site) DO NOTHING').run(site, at.toISOString());
        // The site's staff without it are signed out (an administrator works on every site); other sites' staff keep their sessions.
        db.prepare(`DELETE FROM sessions
          WHERE account_id IN (SELECT account_id FROM account_sites WHERE site = ? UNION SELECT id FROM accounts WHERE admin = 1)
            AND account_id NOT IN (SELECT account_id FROM account_totp WHERE enabled_at IS NOT NULL)`).run(site);
      }).immediate();
    },
    twoFactorRequiredFor(accountId) {
      // A site the account works on requires it; an administrator works on every site.
      return !!db.prepare(`SELECT 1 FROM site_two_factor t
        WHERE t.site IN (SELECT site FROM account_sites WHERE account_id = ?) OR EXISTS (SELECT 1 FROM accounts WHERE id = ? AND admin = 1)
        LIMIT 1`).get(accountId, accountId);
    },
  };
}
