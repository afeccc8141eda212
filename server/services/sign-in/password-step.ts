import type { Account, LoginClaim, Store } from '../../store/index.ts';
import { loginClaims } from '../login-throttle.ts';
import type { HashQueue, PasswordHasher } from '../passwords/index.ts';
import { settleSignIn } from './settle.ts';

export interface PasswordStepDeps {
  store: Pick<Store, 'findAccountForLogin' | 'claimLoginAttempt' | 'releaseLoginAttempt' | 'clearLoginFailures'>;
  passwords: PasswordHasher;
  hashQueue: HashQueue;
  clock: () => Date;
}

export interface PasswordStepInput {
  email: string;
  password: string;
  address: string;
  /**
   * Take the claims back after a right password. False when a second step may follow: the caller
   * then settles them (`settleSignIn`, or `releaseClaims` while the code is still to come).
   * @default true
   */
  settleOnSuccess?: boolean;
}

export type PasswordStepResult =
  /** `claims`: the counters this attempt claimed, for the caller to settle when `settleOnSuccess` is false. */
  | { ok: true; account: Account; claims: LoginClaim[] }
  | { ok: false; status: 401; code: 'invalid_credentials' }
  /** `login_busy`: the hash queue is full; `login_locked`: too many attempts. Nothing was hashed. */
  | { ok: false; status: 429; code: 'login_busy' | 'login_locked'; retryAfter: number };

/**
 * The password step of sign-in, in this order, so neither a race nor a burst gets past it:
 * 1. a place in the hash queue, or 429 `login_busy` (nothing counted, nothing hashed);
 * 2. the attempt claimed on the pair, account and address counters in one transaction, or 429
 *    `login_locked` (so 40 parallel attempts can never all pass the check; issue 15 item 2);
 * 3. the scrypt, in turn;
 * 4. a right password takes its claim back: the pair and account counters are cleared, the
 *    address gives back its one attempt (`settleSignIn`); with `settleOnSuccess: false` the caller
 *    does that, since with two-factor the counters may be cleared only once the code is right.
 */
export async function passwordStep(deps: PasswordStepDeps, input: PasswordStepInput): Promise<PasswordStepResult> {
  const { store, passwords, hashQueue, clock } = deps;
  const ticket = hashQueue.tryEnter();
  if (!ticket) return { ok: false, status: 429, code: 'login_busy', retryAfter: hashQueue.retryAfterSeconds() };
  const claims = loginClaims(input.email, input.address);
  let running = false;
  let account: Awaited<ReturnType<PasswordStepDeps['store']['findAccountForLogin']>>;
  try {
    const claim = await store.claimLoginAttempt(claims, clock());
    if (!claim.allowed) return { ok: false, status: 429, code: 'login_locked', retryAfter: Math.ceil(claim.waitMs / 1000) };
    account = await store.findAccountForLogin(input.email);
    running = true;
    // An unknown email costs a full scrypt too, so timing does not tell which accounts exist.
    const matches = await ticket.run(async () => passwords.verify(input.password, account?.passwordHash ?? (await passwords.dummyHash)));
    if (!matches || !account || account.disabled) return { ok: false, status: 401, code: 'invalid_credentials' };
  } finally {
    if (!running) ticket.cancel();
  }
  if (input.settleOnSuccess ?? true) await settleSignIn(store, claims);
  const { passwordHash: _hidden, ...visible } = account;
  return { ok: true, account: visible, claims };
}
