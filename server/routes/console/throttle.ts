import type { Context } from 'hono';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import type { LoginClaim, Store } from '../../store/index.ts';
import { lastForwardedFor } from '../../util/ip.ts';

/** The client address, only ever stored as a keyed hash in the throttle (invariant 4). */
export function clientAddress(c: Context, { config, clientAddress }: AppDeps): string {
  return (config.trustProxy ? lastForwardedFor(c.req.header('x-forwarded-for')) : clientAddress?.(c)) ?? 'unknown';
}

/** A 429 with `Retry-After` (seconds) in the header and the body. */
export function tooMany(c: Context, code: 'login_busy' | 'login_locked', message: string, retryAfter: number): ApiError {
  c.header('Retry-After', String(retryAfter));
  return new ApiError(429, code, message, { extra: { retryAfter } });
}

/**
 * Claims one attempt on the sign-in counters before a code is checked, in one transaction, so
 * parallel guesses can never all pass one check; refused (nothing counted) while any is locked.
 */
export async function claimCodeAttempt(c: Context, store: Pick<Store, 'claimLoginAttempt'>, claims: LoginClaim[], now: Date): Promise<void> {
  const claim = await store.claimLoginAttempt(claims, now);
  if (claim.allowed) return;
  const seconds = Math.ceil(claim.waitMs / 1000);
  throw tooMany(c, 'login_locked', `Too many failed attempts; try again in ${seconds} seconds.`, seconds);
}
