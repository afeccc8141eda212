/**
 * How long sign-in is refused after repeated failures. Counted per account (guessing one
 * password) and per client address (trying many accounts), persisted so a restart does not reset it.
 */
export interface ThrottlePolicy {
  /** Failures allowed before the first lock. */
  free: number;
  /** The first lock; each further failure doubles it. */
  baseMs: number;
  maxMs: number;
  /** A failure older than this is forgotten. */
  forgetMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, baseMs: 30_000, maxMs: 15 * 60_000, forgetMs: 24 * 60 * 60_000 };
export const ADDRESS_POLICY: ThrottlePolicy = { free: 20, baseMs: 30_000, maxMs: 60 * 60_000, forgetMs: 24 * 60 * 60_000 };

export interface Counter {
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

/** Milliseconds until sign-in is allowed again, or 0. */
export function lockedFor(counter: Counter | undefined, now: Date): number {
  if (!counter?.lockedUntil) return 0;
  return Math.max(0, Date.parse(counter.lockedUntil) - now.getTime());
}

/** The counter after one more failure at `now`. */
export function afterFailure(counter: Counter | undefined, now: Date, policy: ThrottlePolicy): { failures: number; at: Date; lockedUntil: Date | null } {
  const stale = !counter || now.getTime() - Date.parse(counter.lastFailureAt) > policy.forgetMs;
  const failures = (stale ? 0 : counter.failures) + 1;
  if (failures < policy.free) return { failures, at: now, lockedUntil: null };
  const ms = Math.min(policy.baseMs * 2 ** (failures - policy.free), policy.maxMs);
  return { failures, at: now, lockedUntil: new Date(now.getTime() + ms) };
}
