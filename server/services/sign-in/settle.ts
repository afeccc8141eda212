import type { LoginClaim, Store } from '../../store/index.ts';

type SettleStore = Pick<Store, 'releaseLoginAttempt' | 'clearLoginFailures'>;

/**
 * A sign-in whose every step was right: the account's own counters (its pair and the account as
 * a whole) are cleared, and the address counter gives back the attempt (a right sign-in is no
 * spraying). With two-factor that happens after the code, not after the password.
 */
export async function settleSignIn(store: SettleStore, claims: LoginClaim[]): Promise<void> {
  for (const claim of claims) {
    if (claim.subject.kind === 'address') await store.releaseLoginAttempt(claim);
    else await store.clearLoginFailures(claim.subject);
  }
}

/**
 * A right step that is not the last (the password, when a code follows): it takes back its own
 * attempt on every counter, so it is no failure, but the failures before it stay counted. So
 * knowing the password does not reset the count of wrong codes.
 */
export async function releaseClaims(store: SettleStore, claims: LoginClaim[]): Promise<void> {
  for (const claim of claims) await store.releaseLoginAttempt(claim);
}
