import type { Account, Store } from '../../store/index.ts';
import { loginClaims } from '../login-throttle.ts';
import type { HashQueue, PasswordHasher } from '../passwords/index.ts';

export interface PasswordStepDeps {
  store: Pick<Store, 'findAccountForLogin' | 'claimLoginAttempt' | 'releaseLoginAttempt' | 'clearLoginFailures'>;
  passwords: PasswordHasher;
  hashQueue: HashQueue;
  clock: () => Date;
}

export type PasswordStepResult =
  | { ok: true; account: Account }
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
 *    address gives back its one attempt.
 */
export async function passwordStep(deps: PasswordStepDeps, input: { email: string; password: string; address: string }): Promise<PasswordStepResult> {
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
  const [pair, whole, address] = claims;
  await store.clearLoginFailures(pair!.subject);
  await store.clearLoginFailures(whole!.subject);
  await store.releaseLoginAttempt(address!);
  const { passwordHash: _hidden, ...visible } = account;
  return { ok: true, account: visible };
}
