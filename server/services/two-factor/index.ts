/** @module Two-factor sign-in for console staff: TOTP (RFC 6238) with one-time recovery codes, on top of the Store's two-factor part. */
import { ApiError } from '../../errors.ts';
import type { Account, Store } from '../../store/index.ts';
import { qrDataUrl } from './qr.ts';
import { newRecoveryCodes, recoveryCodeHash } from './recovery.ts';
import { newTotpSecret, totpStep, totpUri } from './totp.ts';

export { RECOVERY_CODE_COUNT } from './recovery.ts';

/** The name an authenticator app shows above the code. */
const ISSUER = 'Samtykke';
const SIX_DIGITS = /^\d{6}$/;

/** What a person needs to add the account to an authenticator app. */
export interface Enrolment {
  secret: string;
  uri: string;
  /** The URI as a QR code, an SVG `data:` URL. */
  qr: string;
}

/** Starts (or restarts) enrolment with a fresh secret; refused while two-factor is on. */
export async function beginEnrolment(store: Store, account: Account, now: Date, issuerHost?: string): Promise<Enrolment> {
  const secret = newTotpSecret();
  if (!await store.beginTwoFactor(account.id, secret, now)) {
    throw new ApiError(409, 'two_factor_enabled', 'Two-factor sign-in is already on for this account; switch it off first.');
  }
  const uri = totpUri(secret, { issuer: issuerHost ? `${ISSUER} (${issuerHost})` : ISSUER, label: account.email });
  return { secret, uri, qr: qrDataUrl(uri) };
}

/**
 * Switches two-factor on once a code from the new secret proves the app has it. Returns the ten
 * recovery codes: the only time they exist in plain text.
 */
export async function confirmEnrolment(store: Store, account: Account, code: string, now: Date): Promise<string[]> {
  const pending = await store.twoFactorOf(account.id);
  if (!pending || pending.enabledAt) throw new ApiError(409, 'no_enrolment', 'Start setting up two-factor sign-in first.');
  const step = SIX_DIGITS.test(code) ? totpStep(pending.secret, code, now) : undefined;
  if (step === undefined) throw new ApiError(400, 'invalid_code', 'The code does not match. Type the 6 digits the app shows now.');
  const codes = newRecoveryCodes();
  if (!await store.enableTwoFactor(account.id, step, codes.map((c) => recoveryCodeHash(account.id, c)), now)) {
    throw new ApiError(409, 'no_enrolment', 'Start setting up two-factor sign-in first.');
  }
  return codes;
}

export type CodeCheck = 'totp' | 'recovery' | 'used' | 'wrong';

/**
 * A second factor: a 6-digit code of the current step (±1) not used before, or an unused recovery
 * code. 'used' is a right code whose step was already taken: a replay, refused.
 */
export async function checkCode(store: Store, accountId: number, code: string, now: Date): Promise<CodeCheck> {
  const tf = await store.twoFactorOf(accountId);
  if (!tf?.enabledAt) return 'wrong';
  const typed = code.replace(/\s/g, '');
  if (SIX_DIGITS.test(typed)) {
    const step = totpStep(tf.secret, typed, now);
    if (step === undefined) return 'wrong';
    return (await store.claimTwoFactorStep(accountId, step)) ? 'totp' : 'used';
  }
  return (await store.useRecoveryCode(accountId, recoveryCodeHash(accountId, typed), now)) ? 'recovery' : 'wrong';
}

/** The refusal for a wrong or replayed code, with the status the caller chooses. */
export function codeRefused(check: 'used' | 'wrong', status: 400 | 401): ApiError {
  return check === 'used'
    ? new ApiError(status, 'code_used', 'This code has been used already. Wait for the next one.')
    : new ApiError(status, 'invalid_code', 'Wrong code. Type the 6 digits the app shows now, or one of your recovery codes.');
}
