import { Hono, type Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { ConsoleLogin, type ConsoleMe } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError, toIssues } from '../../errors.ts';
import { consoleSession, csrfGuard, SESSION_COOKIE, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import { DEFAULT_ABSOLUTE_MS } from '../../middleware/console-auth/session.ts';
import { createHashQueue } from '../../services/passwords/index.ts';
import { passwordStep, releaseClaims, settleSignIn, type PasswordStepResult } from '../../services/sign-in/index.ts';
import type { Account } from '../../store/index.ts';
import type { ConsoleDeps } from './deps.ts';
import { secureCookies, setSessionCookie } from './session-cookie.ts';
import { clientAddress, tooMany } from './throttle.ts';
import { afterPassword, twoFactorLoginRoutes } from './two-factor-login.ts';

/** Sign in, sign out, who am I. Login is the one console write without a session, so it checks Origin only. */
export function authRoutes(deps: AppDeps, consoleDeps: ConsoleDeps) {
  const { store, clock, config, log } = deps;
  const { passwords, hashQueue = createHashQueue() } = consoleDeps;
  const secure = secureCookies(config.publicUrl);
  const absoluteMs = consoleDeps.session?.absoluteMs ?? DEFAULT_ABSOLUTE_MS;
  const session = consoleSession({ store, clock, ...consoleDeps.session });
  const me = (account: Account, csrfToken: string): ConsoleMe => ({ account, csrfToken });

  return new Hono<ConsoleEnv>()
    .post('/login', csrfGuard({ publicUrl: config.publicUrl, requireToken: false }), async (c) => {
      const body = ConsoleLogin.safeParse(await c.req.json().catch(() => undefined));
      if (!body.success) throw new ApiError(400, 'validation_failed', 'Give email and password.', { issues: toIssues(body.error) });
      const now = clock();
      const step = await passwordStep({ store, passwords, hashQueue, clock }, { ...body.data, address: clientAddress(c, deps), settleOnSuccess: false });
      if (!step.ok) throw refusal(c, step);
      const { account, claims } = step;
      // With two-factor the password alone signs no one in: it takes back only its own attempt, and
      // the account's failures are cleared once the code is right, so codes are counted like passwords.
      const pending = await afterPassword(c, deps, account, now);
      if (pending) {
        await releaseClaims(store, claims);
        return pending;
      }
      await settleSignIn(store, claims);
      const { token, csrfToken } = await store.createSession(account.id, now);
      setSessionCookie(c, token, secure, absoluteMs);
      await store.appendAudit({ at: now, accountId: account.id, action: 'login' });
      log.info('console login', { account: account.id });
      return c.json(me(account, csrfToken));
    })
    .route('/login', twoFactorLoginRoutes(deps, consoleDeps))
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

/** A refused password step as the one error shape; a 429 carries `Retry-After` in the header and the body. */
function refusal(c: Context, step: Exclude<PasswordStepResult, { ok: true }>): ApiError {
  if (step.status === 401) return new ApiError(401, 'invalid_credentials', 'Wrong email or password.');
  const message = step.code === 'login_busy'
    ? `Too many sign-ins at once; try again in ${step.retryAfter} seconds.`
    : `Too many failed attempts; try again in ${step.retryAfter} seconds.`;
  return tooMany(c, step.code, message, step.retryAfter);
}
