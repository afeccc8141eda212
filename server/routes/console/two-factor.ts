import { Hono } from 'hono';
import { SiteTwoFactor, TwoFactorCode, type TwoFactorEnabled, type TwoFactorStatus } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { accessFrom, requireRole, requireSite, unknownSite, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import { loginClaims } from '../../services/login-throttle.ts';
import { settleSignIn } from '../../services/sign-in/index.ts';
import { beginEnrolment, checkCode, codeRefused, confirmEnrolment } from '../../services/two-factor/index.ts';
import { jsonBody, parse } from './parse.ts';
import { claimCodeAttempt, clientAddress } from './throttle.ts';

/** The signed-in person's own two-factor: status, set up, switch off (with a current code). */
export function twoFactorRoutes(deps: AppDeps) {
  const { store, clock, config } = deps;
  return new Hono<ConsoleEnv>()
    .get('/', async (c) => {
      const { account } = c.get('session');
      const enabled = !!(await store.twoFactorOf(account.id))?.enabledAt;
      return c.json({ enabled, required: await store.twoFactorRequiredFor(account.id), recoveryCodesLeft: enabled ? await store.recoveryCodesLeft(account.id) : 0 } satisfies TwoFactorStatus);
    })
    .post('/enrol', async (c) => c.json(await beginEnrolment(store, c.get('session').account, clock(), new URL(config.publicUrl).host)))
    .post('/confirm', async (c) => {
      const body = parse(TwoFactorCode, await jsonBody(c), 'Give the 6-digit code the app shows.');
      const { account } = c.get('session');
      const now = clock();
      const recoveryCodes = await confirmEnrolment(store, account, body.code, now);
      await store.appendAudit({ at: now, accountId: account.id, action: 'two-factor.enable' });
      return c.json({ recoveryCodes } satisfies TwoFactorEnabled);
    })
    .post('/disable', async (c) => {
      const body = parse(TwoFactorCode, await jsonBody(c), 'Give the 6-digit code or a recovery code.');
      const { account } = c.get('session');
      const now = clock();
      if (!(await store.twoFactorOf(account.id))?.enabledAt) throw new ApiError(409, 'two_factor_off', 'Two-factor sign-in is not on.');
      if (await store.twoFactorRequiredFor(account.id)) throw new ApiError(409, 'two_factor_required', 'A site you work on requires two-factor sign-in, so it cannot be switched off.');
      // A session left open on someone else's screen must not be enough to guess its way to
      // switching it off: each code is claimed on the sign-in counters before it is checked.
      const claims = loginClaims(account.email, clientAddress(c, deps));
      await claimCodeAttempt(c, store, claims, now);
      const check = await checkCode(store, account.id, body.code, now);
      // 400, not 401: the session is fine, only the code is wrong. The claim stays counted.
      if (check === 'used' || check === 'wrong') throw codeRefused(check, 400);
      await settleSignIn(store, claims);
      await store.removeTwoFactor(account.id);
      await store.appendAudit({ at: now, accountId: account.id, action: 'two-factor.disable' });
      return c.json({ ok: true });
    });
}

/**
 * An owner resets an account's two-factor (a lost phone): it is switched off and the account signed
 * out, to set it up again at the next sign-in. As with disabling, the switch is the person's on every
 * site: only someone who owns every site the account works on (or the administrator) may; an account
 * on none of the caller's sites answers as an unknown id.
 */
export function twoFactorResetRoutes({ store, clock }: AppDeps) {
  return new Hono<ConsoleEnv>()
    .use('*', requireRole('owner'))
    .post('/:id/two-factor/reset', async (c) => {
      const access = accessFrom(c);
      const id = Number(c.req.param('id'));
      const me = c.get('session').account;
      const target = Number.isSafeInteger(id) && id > 0 ? await store.findAccount(id) : undefined;
      if (!target || (!access.admin && !target.sites.some((s) => access.can(s.site, 'owner')))) throw new ApiError(404, 'not_found', 'No account with this id.');
      if (target.id === me.id) throw new ApiError(409, 'own_account', 'Switch your own two-factor off on your account page, with a code.');
      if (!access.admin && (target.admin || target.sites.some((s) => !access.can(s.site, 'owner')))) {
        throw new ApiError(403, 'forbidden_role', 'This account also works on sites you do not own; ask a server administrator.');
      }
      await store.removeTwoFactor(target.id);
      await store.deleteSessionsOf(target.id);
      const shared = target.sites.filter((s) => access.can(s.site, 'owner'));
      await store.appendAudit({ at: clock(), accountId: me.id, action: 'two-factor.reset', target: `account:${target.id}`, ...(shared.length === 1 ? { site: shared[0]!.site } : {}) });
      return c.json({ ok: true });
    });
}

/**
 * Whether a site's staff must use two-factor: an owner of that site (or the administrator) reads
 * and sets it; another site's staff get the 404 of an unknown key, its agents 403. Requiring it
 * signs out that site's staff without it, and no one else.
 */
export function siteTwoFactorRoutes({ store, clock }: AppDeps) {
  return new Hono<ConsoleEnv>()
    .use('/:key/two-factor', requireSite('owner'))
    .get('/:key/two-factor', async (c) => {
      const key = c.req.param('key');
      if (!await store.getSite(key)) throw unknownSite();
      return c.json({ required: await store.siteRequiresTwoFactor(key) } satisfies SiteTwoFactor);
    })
    .put('/:key/two-factor', async (c) => {
      const key = c.req.param('key');
      const body = parse(SiteTwoFactor, await jsonBody(c), 'Give required: true or false.');
      const me = c.get('session').account;
      if (!await store.getSite(key)) throw unknownSite();
      // Otherwise the owner would be signed out by their own switch and sent to set it up.
      if (body.required && !(await store.twoFactorOf(me.id))?.enabledAt) {
        throw new ApiError(409, 'two_factor_off', 'Switch on two-factor sign-in for your own account first.');
      }
      await store.setSiteRequiresTwoFactor(key, body.required, clock());
      await store.appendAudit({ at: clock(), accountId: me.id, action: body.required ? 'site.two-factor.require' : 'site.two-factor.optional', target: `site:${key}`, site: key });
      return c.json({ required: body.required } satisfies SiteTwoFactor);
    });
}
