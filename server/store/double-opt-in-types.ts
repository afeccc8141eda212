import type { Lang } from '../../protocol/index.ts';

/**
 * Where a double opt-in stands. `superseded`: it ran out, but nothing was left to expire (the
 * grant was withdrawn meanwhile, or the address was confirmed through another form).
 */
export type DoubleOptInState = 'pending' | 'confirmed' | 'expired' | 'superseded';

/** One grant waiting for (or done with) its confirmation link. The token itself is never stored. */
export interface DoubleOptIn {
  site: string;
  grantEventId: string;
  /** The grant's address; null once the person was erased. */
  email: string | null;
  lang: Lang;
  createdAt: string;
  expiresAt: string;
  state: DoubleOptInState;
  settledAt: string | null;
  /** When the outcome's record was appended to the chain (or found to need none). */
  recordedAt: string | null;
}

export interface DoubleOptInStore {
  /**
   * Opens the confirmation of a stored grant and returns its link's token, this once (only its
   * SHA-256 is kept). Undefined when the grant already has one (the same event sent again) or is
   * not a stored grant with an address on this site.
   */
  createDoubleOptIn(input: { site: string; grantEventId: string; lang: Lang; at: Date; expiresAt: Date }): string | undefined;
  findDoubleOptIn(token: string): DoubleOptIn | undefined;
  /**
   * Moves a pending one to `state` at `at`, atomically: false when it was no longer pending (a
   * second click, the expiry job, another instance). `confirmed` also needs `at` before the expiry.
   */
  settleDoubleOptIn(grantEventId: string, state: Exclude<DoubleOptInState, 'pending'>, at: Date): boolean;
  markDoubleOptInRecorded(grantEventId: string, at: Date): void;
  /** Pending ones past their expiry, and settled ones whose record is not yet in the chain; oldest first. */
  dueDoubleOptIns(now: Date, limit: number): DoubleOptIn[];
}
