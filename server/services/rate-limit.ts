/**
 * Fixed-window counters in memory, keyed by anything (a conversation id, an IP address, an email
 * HMAC). Bound: at most `limit` hits per key in any window, so at most 2×limit across a window
 * edge. Per process: behind several processes each counts alone. Keys are never logged.
 */
export interface RateLimiter {
  /** Counts a hit; `ok: false` with seconds until the window resets when over the limit. */
  hit(key: string): Promise<RateLimitResult>;
}

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  clock: () => Date;
  /** Stale windows are swept when the map grows past this. @default 10_000 */
  maxKeys?: number;
}

export function createRateLimiter({ limit, windowMs, clock, maxKeys = 10_000 }: RateLimitOptions): RateLimiter {
  if (!(limit >= 1) || !(windowMs > 0)) throw new Error('createRateLimiter: limit must be ≥ 1 and windowMs > 0');
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async hit(key) {
      const now = clock().getTime();
      if (windows.size > maxKeys) for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) windows.set(key, (w = { start: now, count: 0 }));
      w.count += 1;
      if (w.count <= limit) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    },
  };
}
