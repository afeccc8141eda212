/**
 * Limits on verification codes, all kept in the database so a restart resets none of them
 * (issue 15, item 4: after a restart one request got 7 codes and 15 guesses).
 *
 * Per request, over its whole life (7 days), not per window: at most CODES_PER_REQUEST codes and
 * GUESSES_PER_REQUEST guesses over all of them, besides CODE_MAX_ATTEMPTS per code. With 6 digits
 * that leaves a guesser 10 in 1,000,000 per request.
 *
 * Per address group (IPv4 /32, IPv6 /64) per hour: codes sent and guesses made, so a guesser
 * cannot open request after request, or rotate through a /64, for fresh guesses.
 */
import type { Store } from '../../store/index.ts';
import type { RateLimiter } from '../rate-limit.ts';

const HOUR = 60 * 60_000;

/** The first code and three more. */
export const CODES_PER_REQUEST = 4;
/** Wrong and right guesses on all the request's codes together. */
export const GUESSES_PER_REQUEST = 10;
/** Codes sent (new requests and resends) per address group. */
export const CODES_PER_ADDRESS = { limit: 10, windowMs: HOUR };
/** Code guesses per address group. */
export const GUESSES_PER_ADDRESS = { limit: 30, windowMs: HOUR };

export interface StoredRateLimitOptions {
  store: Pick<Store, 'hitRateLimit' | 'sweepRateLimits'>;
  /** Keeps limits with the same keys apart. */
  name: string;
  limit: number;
  windowMs: number;
  clock: () => Date;
}

/** A fixed-window limit kept in the store (either backend), so it holds across restarts and instances. */
export function createStoredRateLimiter({ store, name, limit, windowMs, clock }: StoredRateLimitOptions): RateLimiter {
  if (!(limit >= 1) || !(windowMs > 0)) throw new Error('createStoredRateLimiter: limit must be ≥ 1 and windowMs > 0');
  let hitsSinceSweep = 0;
  return {
    async hit(key) {
      const now = clock().getTime();
      const windowStart = Math.floor(now / windowMs) * windowMs;
      const hits = await store.hitRateLimit(name, key, windowStart);
      if (++hitsSinceSweep >= 1000) {
        hitsSinceSweep = 0;
        // The longest window is an hour; anything two hours old counts for nobody.
        await store.sweepRateLimits(now - 2 * HOUR);
      }
      if (hits <= limit) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
    },
  };
}
