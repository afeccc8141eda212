import { sha256Hex } from '../util/crypto.ts';
import type { Sql } from '../store/postgres/connect.ts';
import type { RateLimiter } from './rate-limit.ts';

export interface PostgresRateLimitOptions {
  sql: Sql;
  /** Keeps limits with the same keys apart (`writesPerClient`, `asksPerClient`…). */
  name: string;
  limit: number;
  windowMs: number;
  clock: () => Date;
}

/**
 * A fixed-window limit shared by every instance on one database: one upsert per hit counts it and
 * reads the window's total, so N instances behind a load balancer still allow `limit` per window,
 * not N × limit. Windows are aligned to the clock (`floor(now / windowMs)`). Old windows are swept
 * now and then by whoever hits; keys are stored only as a hash.
 */
export function createPostgresRateLimiter({ sql, name, limit, windowMs, clock }: PostgresRateLimitOptions): RateLimiter {
  if (!(limit >= 1) || !(windowMs > 0)) throw new Error('createPostgresRateLimiter: limit must be ≥ 1 and windowMs > 0');
  let hitsSinceSweep = 0;
  return {
    async hit(key) {
      const now = clock().getTime();
      const windowStart = Math.floor(now / windowMs) * windowMs;
      const bucket = sha256Hex(`${name}\u0000${key}`);
      const [row] = await sql<{ hits: number }[]>`
        INSERT INTO rate_limits (bucket, window_start, hits) VALUES (${bucket}, ${windowStart}, 1)
        ON CONFLICT (bucket) DO UPDATE SET
          hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END,
          window_start = excluded.window_start
        RETURNING hits`;
      if (++hitsSinceSweep >= 1000) {
        hitsSinceSweep = 0;
        // The longest window is an hour; anything two hours old counts for nobody.
        void sql`DELETE FROM rate_limits WHERE window_start < ${now - 2 * 60 * 60 * 1000}`.catch(() => undefined);
      }
      if (row!.hits <= limit) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
    },
  };
}
