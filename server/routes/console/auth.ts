import { Hono, type Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { ConsoleLogin, type ConsoleMe } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError, toIssues } from '../../errors.ts';
import { consoleSession, csrfGuard, SESSION_COOKIE, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import { DEFAULT_ABSOLUTE_MS } from '../../middleware/console-auth/session.ts';
import { ACCOUNT_POLICY, ADDRESS_POLICY, afterFailure, lockedFor } from '../../services/login-throttle.ts';
import type { Account, ThrottleSubject } from '../../store/index.ts';
import { lastForwardedFor } from '../../util/ip.ts';
import type { ConsoleDeps } from './deps.ts';
import { secureCookies, setSessionCookie } from './session-cookie.ts';
import { afterPassword, twoFactorLoginRoutes } from './two-factor-login.ts';

/** Sign in, sign out, who am I. Login is the one console write without a session, so it checks Origin only. */
export function authRoutes(deps: AppDeps, consoleDeps: ConsoleDeps) {
  const { store, clock, config, log } = deps;
  const { passwords } = consoleDeps;
  const secure = secureCookies(config.publicUrl);
  const absoluteMs = consoleDeps.session?.absoluteMs ?? DEFAULT_ABSOLUTE_MS;
  const session = consoleSession({ store, clock, ...consoleDeps.session });
  const me = (account: Account, csrfToken: string): ConsoleMe => ({ account, csrfToken });

  return new Hono<ConsoleEnv>()
    .post('/login', csrfGuard({ publicUrl: config.publicUrl, requireToken: false }), async (c) => {
      const body = ConsoleLogin.safeParse(await c.req.json().catch(() => undefined));
      if (!body.success) throw new ApiError(400, 'validation_failed', 'Give email and password.', { issues: toIssues(body.error) });
      const now = clock();
      const subjects: [ThrottleSubject, typeof ACCOUNT_POLICY][] = [
        [{ kind: 'account', email: body.data.email }, ACCOUNT_POLICY],
        [{ kind: 'address', address: clientAddress(c, deps) }, ADDRESS_POLICY],
      ];
      const wait = Math.max(...(await Promise.all(subjects.map(async ([s]) => lockedFor(await store.loginThrottle(s), now)))));
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        throw new ApiError(429, 'login_locked', `Too many failed attempts; try again in ${Math.ceil(wait / 1000)} seconds.`, { extra: { retryAfter: Math.ceil(wait / 1000) } });
      }
      const account = await store.findAccountForLogin(body.data.email);
      // An unknown email costs a full scrypt too, so timing does not tell which accounts exist.
      const ok = (await passwords.verify(body.data.password, account?.passwordHash ?? (await passwords.dummyHash))) && !!account && !account.disabled;
      if (!ok || !account) {
        for (const [s, policy] of subjects) await store.recordLoginFailure(s, afterFailure(await store.loginThrottle(s), now, policy));
        log.warn('console login failed');
        throw new ApiError(401, 'invalid_credentials', 'Wrong email or password.');
      }
      // With two-factor the password alone signs no one in, and the account's failures are
      // cleared only once the code is right too, so guessing codes is counted like guessing passwords.
      const pending = await afterPassword(c, deps, account, now);
      if (pending) return pending;
      await store.clearLoginFailures(subjects[0]![0]);
      const { token, csrfToken } = await store.createSession(account.id, now);
      setSessionCookie(c, token, secure, absoluteMs);
      await store.appendAudit({ at: now, accountId: account.id, action: 'login' });
      log.info('console login', { account: account.id });
      const { passwordHash: _hidden, ...visible } = account;
      return c.json(me(visible, csrfToken));
    })
    .route('/login', twoFactorLoginRoutes(deps, consoleDeps, (c) => clientAddress(c, deps)))
    .use('/logout', session, csrfGuard({ publicUrl: config.publicUrl, requireToken: true }))
    .post('/logout', async (c) => {
      const { token, account } = c.get('session');
      await store.deleteSession(token);
      deleteCookie(c, SESSION_COOKIE, { path: '/console', secure, httpOnly: true, sameSite: 'Strict' });
      await store.appendAudit({ at: clock(), accountId: account.id, action: 'logout' });
      return c.json({ ok: true });
    })
    .use('/me', session)
    .get('/me', (c) => {
      const { account, csrfToken } = c.get('session');
      return c.json(me(account, csrfToken));
    });
}

/** The client address, only ever stored as a keyed hash in the throttle (invariant 4). */
function clientAddress(c: Context, { config, clientAddress }: AppDeps): string {
  return (config.trustProxy ? lastForwardedFor(c.req.header('x-forwarded-for')) : clientAddress?.(c)) ?? 'unknown';
}
