import type { Account } from './console-types.ts';

/** What a pending sign-in (password right, second step not yet done) is waiting for. */
export type LoginChallengePurpose = 'code' | 'enrol';

/** A pending sign-in and whose it is. */
export interface LoginChallenge {
  account: Account;
  purpose: LoginChallengePurpose;
}

/** An account's TOTP: the secret (opened), whether it is switched on, and the last time step used. */
export interface StoredTwoFactor {
  secret: string;
  enabledAt: string | null;
  /** The RFC 6238 time step of the last code accepted; a code of this step or older is refused (replay). */
  lastStep: number | null;
}

/** The two-factor part of the Store: TOTP secrets (sealed at rest), recovery codes (hashed), pending sign-ins, site requirements. */
export interface TwoFactorStore {
  twoFactorOf(accountId: number): StoredTwoFactor | undefined;
  /** Starts or restarts an enrolment with a new secret, not yet switched on. False when two-factor is already on. */
  beginTwoFactor(accountId: number, secret: string, at: Date): boolean;
  /**
   * Switches a pending enrolment on, marks `step` (the confirming code's) as used and stores the
   * recovery codes' hashes, replacing any old ones. False when nothing was pending or it is on already.
   */
  enableTwoFactor(accountId: number, step: number, recoveryCodeHashes: string[], at: Date): boolean;
  /** True only when `step` is newer than the last step used, which it then becomes: one code, one sign-in. */
  claimTwoFactorStep(accountId: number, step: number): boolean;
  /** True when the code was unused; it is used from now on. */
  useRecoveryCode(accountId: number, codeHash: string, at: Date): boolean;
  recoveryCodesLeft(accountId: number): number;
  /** Removes the secret and the recovery codes (switch off, or an owner's reset). False when there was none. */
  removeTwoFactor(accountId: number): boolean;

  /** A pending sign-in, alive until `expiresAt`; the token is returned once and only its SHA-256 is kept. */
  createLoginChallenge(accountId: number, purpose: LoginChallengePurpose, at: Date, expiresAt: Date): string;
  /** The live challenge, without counting an attempt. */
  findLoginChallenge(token: string, at: Date): LoginChallenge | undefined;
  /** Counts one attempt, atomically: undefined when expired, unknown or out of attempts (then it is gone). */
  claimLoginChallenge(token: string, at: Date, maxAttempts: number): LoginChallenge | undefined;
  deleteLoginChallenge(token: string): void;

  siteRequiresTwoFactor(site: string): boolean;
  /**
   * Requires (or stops requiring) two-factor for a site's staff. Requiring it ends the sessions of
   * staff without two-factor, so they meet the enrolment step at their next sign-in.
   */
  setSiteRequiresTwoFactor(site: string, required: boolean, at: Date): void;
  /** Whether any site this account works on requires two-factor. */
  twoFactorRequiredFor(accountId: number): boolean;
}
