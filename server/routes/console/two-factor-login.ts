import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { TwoFactorCode, type ConsoleLoginPending, type ConsoleMe, type ConsoleMeEnrolled } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { csrfGuard, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import { DEFAULT_ABSOLUTE_MS } from '../../middleware/console-auth/session.ts';
import { loginClaims } from '../../services/login-throttle.ts';
import { settleSignIn } from '../../services/sign-in/index.ts';
import { beginEnrolment, checkCode, codeRefused, confirmEnrolment } from '../../services/two-factor/index.ts';
import type { Account, LoginChallengePurpose, LoginClaim } from '../../store/index.ts';
import type { ConsoleDeps } from './deps.ts';
import { jsonBody, parse } from './parse.ts';
import { secureCookies, setSessionCookie } from './session-cookie.ts';
import { claimCodeAttempt, clientAddress } from './throttle.ts';

/** The pending sign-in between the password and the second step: not a session, good for nothing else. */
export const PENDING_COOKIE = 'samtykke_console_pending';
const PENDING_PATH = '/console/api/login';
/** Long enough to open the app (or set it up) and type a code. */
export const PENDING_MS = 5 * 60_000;
/**
 * Codes one pending sign-in may take; then the password is asked for again. Each code is claimed on
 * the password's counters too, so from one address the pair's limit (5, wrong passwords before it
 * included) comes first; this one holds when the codes come from several addresses.
 */
export const PENDING_ATTEMPTS = 5;

/**
 * After a right password: an account with two-factor, or one that must set it up (a site it works
 * on requires it), gets a pending sign-in (202 and a cookie) instead of a session. Undefined: sign in now.
 */
export async function afterPassword(c: Context, { store, config }: AppDeps, account: Account, now: Date): Promise<Response | undefined> {
  const purpose: LoginChallengePurpose | undefined = (await store.twoFactorOf(account.id))?.enabledAt ? 'code' : (await store.twoFactorRequiredFor(account.id)) ? 'enrol' : undefined;
  if (!purpose) return undefined;
  const token = await store.createLoginChallenge(account.id, purpose, now, new Date(now.getTime() + PENDING_MS));
  setCookie(c, PENDING_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: secureCookies(config.publicUrl), path: PENDING_PATH, maxAge: PENDING_MS / 1000 });
  return c.json({ next: purpose } satisfies ConsoleLoginPending, 202);
}

/** The second step of sign-in: `/login/code`, and `/login/enrol` + `/login/enrol/confirm` for staff who must set two-factor up first. */
export function twoFactorLoginRoutes(deps: AppDeps, consoleDeps: ConsoleDeps) {
  const { store, clock, config, log } = deps;
  const secure = secureCookies(config.publicUrl);
  const absoluteMs = consoleDeps.session?.absoluteMs ?? DEFAULT_ABSOLUTE_MS;

  /**
   * Counts one attempt before the code is checked: on the password step's three counters (so a
   * locked account or address gets 429 and nothing counted) and on the pending sign-in itself.
   */
  const claim = async (c: Context, purpose: LoginChallengePurpose, now: Date) => {
    const token = getCookie(c, PENDING_COOKIE);
    const found = token ? await store.findLoginChallenge(token, now) : undefined;
    if (!token || !found || found.purpose !== purpose) throw new ApiError(401, 'no_pending_sign_in', 'Sign in with your password first.');
    const claims = loginClaims(found.account.email, clientAddress(c, deps));
    await claimCodeAttempt(c, store, claims, now);
    const claimed = await store.claimLoginChallenge(token, now, PENDING_ATTEMPTS);
    if (!claimed || claimed.account.disabled) {
      deleteCookie(c, PENDING_COOKIE, { path: PENDING_PATH, secure, httpOnly: true, sameSite: 'Strict' });
      throw new ApiError(401, 'no_pending_sign_in', 'Too many wrong codes, or the sign-in has expired. Sign in with your password again.');
    }
    return { token, account: claimed.account, claims };
  };

  /** Every step was right: the account's failures are cleared (not before) and a session starts. */
  const signIn = async (c: Context, token: string, account: Account, claims: LoginClaim[], now: Date, detail: Record<string, unknown>): Promise<ConsoleMe> => {
    await store.deleteLoginChallenge(token);
    deleteCookie(c, PENDING_COOKIE, { path: PENDING_PATH, secure, httpOnly: true, sameSite: 'Strict' });
    await settleSignIn(store, claims);
    const session = await store.createSession(account.id, now);
    setSessionCookie(c, session.token, secure, absoluteMs);
    await store.appendAudit({ at: now, accountId: account.id, action: 'login', detail });
    log.info('console login', { account: account.id });
    return { account, csrfToken: session.csrfToken };
  };

  const origin = csrfGuard({ publicUrl: config.publicUrl, requireToken: false });
  return new Hono<ConsoleEnv>()
    .post('/code', origin, async (c) => {
      const body = parse(TwoFactorCode, await jsonBody(c), 'Give the 6-digit code or a recovery code.');
      const now = clock();
      const { token, account, claims } = await claim(c, 'code', now);
      const check = await checkCode(store, account.id, body.code, now);
      if (check === 'used' || check === 'wrong') {
        // The claim stays counted, and the failures before it: a right password cleared none.
        log.warn('console second factor failed', { account: account.id });
        throw codeRefused(check, 401);
      }
      return c.json(await signIn(c, token, account, claims, now, { secondFactor: check }));
    })
    .post('/enrol', origin, async (c) => {
      const now = clock();
      const token = getCookie(c, PENDING_COOKIE);
      const found = token ? await store.findLoginChallenge(token, now) : undefined;
      if (!found || found.purpose !== 'enrol' || found.account.disabled) throw new ApiError(401, 'no_pending_sign_in', 'Sign in with your password first.');
      return c.json(await beginEnrolment(store, found.account, now, new URL(config.publicUrl).host));
    })
    .post('/enrol/confirm', origin, async (c) => {
      const body = parse(TwoFactorCode, await jsonBody(c), 'Give the 6-digit code the app shows.');
      const now = clock();
      const { token, account, claims } = await claim(c, 'enrol', now);
      const recoveryCodes = await confirmEnrolment(store, account, body.code, now);
      await store.appendAudit({ at: now, accountId: account.id, action: 'two-factor.enable' });
      return c.json({ ...(await signIn(c, token, account, claims, now, { secondFactor: 'enrolled' })), recoveryCodes } satisfies ConsoleMeEnrolled);
    });
}
