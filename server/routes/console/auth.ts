import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ConsoleLogin, type ConsoleMe } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError, toIssues } from '../../errors.ts';
import { consoleSession, csrfGuard, SESSION_COOKIE, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import { DEFAULT_ABSOLUTE_MS } from '../../middleware/console-auth/session.ts';
import { createHashQueue } from '../../services/passwords/index.ts';
import { passwordStep, type PasswordStepResult } from '../../services/sign-in/index.ts';
import type { Account } from '../../store/index.ts';
import { lastForwardedFor } from '../../util/ip.ts';
import type { ConsoleDeps } from './deps.ts';

const LOCAL = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Sign in, sign out, who am I. Login is the one console write without a session, so it checks Origin only. */
export function authRoutes(deps: AppDeps, consoleDeps: ConsoleDeps) {
  const { store, clock, config, log } = deps;
  const { passwords, hashQueue = createHashQueue() } = consoleDeps;
  const secure = !LOCAL.has(new URL(config.publicUrl).hostname);
  const absoluteMs = consoleDeps.session?.absoluteMs ?? DEFAULT_ABSOLUTE_MS;
  const session = consoleSession({ store, clock, ...consoleDeps.session });
  const me = (account: Account, csrfToken: string): ConsoleMe => ({ account, csrfToken });

  return new Hono<ConsoleEnv>()
    .post('/login', csrfGuard({ publicUrl: config.publicUrl, requireToken: false }), async (c) => {
      const body = ConsoleLogin.safeParse(await c.req.json().catch(() => undefined));
      if (!body.success) throw new ApiError(400, 'validation_failed', 'Give email and password.', { issues: toIssues(body.error) });
      const now = clock();
      const step = await passwordStep({ store, passwords, hashQueue, clock }, { ...body.data, address: clientAddress(c, deps) });
      if (!step.ok) throw refusal(c, step);
      const { account } = step;
      const { token, csrfToken } = await store.createSession(account.id, now);
      setSessionCookie(c, token, secure, absoluteMs);
      await store.appendAudit({ at: now, accountId: account.id, action: 'login' });
      log.info('console login', { account: account.id });
      return c.json(me(account, csrfToken));
    })
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
  c.header('Retry-After', String(step.retryAfter));
  const message = step.code === 'login_busy'
    ? `Too many sign-ins at once; try again in ${step.retryAfter} seconds.`
    : `Too many failed attempts; try again in ${step.retryAfter} seconds.`;
  return new ApiError(429, step.code, message, { extra: { retryAfter: step.retryAfter } });
}

function setSessionCookie(c: Context, token: string, secure: boolean, absoluteMs: number): void {
  // HttpOnly: scripts never see it; Strict: no other site can make the browser send it; Path: only the console gets it.
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure, path: '/console', maxAge: Math.floor(absoluteMs / 1000) });
}

/** The client address, only ever stored as a keyed hash in the throttle (invariant 4). */
function clientAddress(c: Context, { config, clientAddress }: AppDeps): string {
  return (config.trustProxy ? lastForwardedFor(c.req.header('x-forwarded-for')) : clientAddress?.(c)) ?? 'unknown';
}
