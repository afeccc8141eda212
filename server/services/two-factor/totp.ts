import { Secret, TOTP } from 'otpauth';

// RFC 6238 defaults, which every authenticator app reads: SHA-1, 6 digits, 30-second steps.
const PERIOD = 30;
const DIGITS = 6;
/** One step either side: a phone clock a little off, or a code typed just as it changed. */
const WINDOW = 1;

/** A new 160-bit secret (RFC 4226 recommends 160), base32 as apps take it for manual entry. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/...` URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, { issuer, label }: { issuer: string; label: string }): string {
  return new TOTP({ issuer, label, secret: Secret.fromBase32(secret), period: PERIOD, digits: DIGITS }).toString();
}

/** The time step a 6-digit code belongs to, when it matches now or one step either side; else undefined. */
export function totpStep(secret: string, code: string, now: Date): number | undefined {
  const timestamp = now.getTime();
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secret), period: PERIOD, digits: DIGITS, timestamp, window: WINDOW });
  return delta === null ? undefined : TOTP.counter({ period: PERIOD, timestamp }) + delta;
}
