/**
 * How long sign-in is refused after repeated attempts. Every attempt is claimed (counted) before
 * its password is hashed, on three counters at once, and a right password takes its claim back:
 *
 * - the account from one address group (the pair): guessing one password from one place;
 * - the account from anywhere: a short delay only, so a stranger elsewhere cannot lock a known
 *   user out for long, yet guessing from many addresses is still slowed;
 * - the address group on any account: spraying many accounts, looser, so a shared office
 *   address is not shut out by a few mistyped passwords.
 *
 * Persisted, so a restart does not reset them. Address groups: IPv4 /32, IPv6 /64 (util/ip.ts).
 */
import type { LoginClaim, ThrottlePolicy } from '../store/index.ts';
import { addressGroup } from '../util/ip.ts';

export type { ThrottlePolicy };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** 5 attempts, then 30 s, doubling per further attempt, at most 15 minutes. */
export const PAIR_POLICY: ThrottlePolicy = { free: 5, baseMs: 30_000, maxMs: 15 * MINUTE, forgetMs: DAY };
/** 10 attempts from anywhere, then 5 s, doubling, at most 30 s: a delay, never a lockout. */
export const ACCOUNT_POLICY: ThrottlePolicy = { free: 10, baseMs: 5_000, maxMs: 30_000, forgetMs: DAY };
/** 50 attempts on any accounts, then 30 s, doubling, at most 10 minutes. */
export const ADDRESS_POLICY: ThrottlePolicy = { free: 50, baseMs: 30_000, maxMs: 10 * MINUTE, forgetMs: DAY };

/** The three counters one sign-in attempt claims, in the order every backend locks them. */
export function loginClaims(email: string, address: string): LoginClaim[] {
  const group = addressGroup(address) ?? address;
  return [
    { subject: { kind: 'pair', email, address: group }, policy: PAIR_POLICY },
    { subject: { kind: 'account', email }, policy: ACCOUNT_POLICY },
    { subject: { kind: 'address', address: group }, policy: ADDRESS_POLICY },
  ];
}
