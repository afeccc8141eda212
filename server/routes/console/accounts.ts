import { Hono, type Context } from 'hono';
import { AccountCreate, AccountDisable, SiteRoleChange, type AccountCreated, type AccountUnlocked, type ConsoleAccount } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { accessFrom, requireRole, requireSite, unknownSite, type Access, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import type { Account } from '../../store/index.ts';
import { randomToken } from '../../util/crypto.ts';
import type { ConsoleDeps } from './deps.ts';
import { jsonBody, parse } from './parse.ts';

const notFound = () => new ApiError(404, 'not_found', 'No account with this id.');

/**
 * An account as the caller may see it: an administrator sees every account and role; an owner
 * sees the accounts that work on a site they own, with their roles on those sites only (another
 * customer's sites are not theirs to know about). Undefined: not visible to the caller.
 */
function seenBy(access: Access, account: Account): ConsoleAccount | undefined {
  if (access.admin) return account;
  const sites = account.sites.filter((s) => access.can(s.site, 'owner'));
  return sites.length ? { ...account, sites } : undefined;
}

/**
 * Staff accounts: owners manage the staff of the sites they own, the administrator everyone's.
 * A new account's first password is made here and shown once to whoever made it; passwords are
 * otherwise set from the CLI.
 */
export function accountRoutes({ store, clock }: AppDeps, { passwords }: ConsoleDeps) {
  const visible = async (c: Context<ConsoleEnv>, raw: string) => {
    const id = Number(raw);
    const found = Number.isSafeInteger(id) && id > 0 ? await store.findAccount(id) : undefined;
    const seen = found && seenBy(accessFrom(c), found);
    if (!found || !seen) throw notFound();
    return found;
  };
  const audit = (c: Context<ConsoleEnv>, action: string, target: string, detail: Record<string, unknown>, site?: string) =>
    store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action, target, ...(site ? { site } : {}), detail });

  return new Hono<ConsoleEnv>()
    .use('*', requireRole('owner'))
    .get('/', async (c) => {
      const access = accessFrom(c);
      return c.json({ accounts: (await store.listAccounts()).flatMap((a) => seenBy(access, a) ?? []) });
    })
    .post('/', async (c) => {
      const access = accessFrom(c);
      const body = parse(AccountCreate, await jsonBody(c), 'Give email and sites ([{ site, role }]).');
      // An owner gives roles on sites they own only; another site is as unknown as a made-up key.
      for (const { site } of body.sites) access.require(site, 'owner', unknownSite());
      if (body.admin && !access.admin) throw new ApiError(403, 'forbidden_role', 'Only a server administrator may make another administrator.');
      for (const { site } of body.sites) if (!await store.getSite(site)) throw unknownSite();
      if (await store.findAccountForLogin(body.email)) {
        throw new ApiError(409, 'account_exists', 'An account with this email exists. Ask a server administrator to give it a role on your site.');
      }
      const password = randomToken('').slice(0, 24);
      let account: Account;
      try {
        account = await store.createAccount({ email: body.email, admin: body.admin, sites: body.sites, passwordHash: await passwords.hash(password) });
      } catch {
        // Two owners adding the same address at once: the unique email decides.
        throw new ApiError(409, 'account_exists', 'An account with this email exists. Ask a server administrator to give it a role on your site.');
      }
      await audit(c, 'account.create', `account:${account.id}`, { admin: body.admin, sites: body.sites }, body.sites.length === 1 ? body.sites[0]!.site : undefined);
      const answer: AccountCreated = { account: seenBy(access, account)!, password };
      return c.json(answer, 201);
    })
    .put('/:id/sites/:key', requireSite('owner'), async (c) => {
      const key = c.req.param('key');
      const target = await visible(c, c.req.param('id'));
      const { role } = parse(SiteRoleChange, await jsonBody(c), 'Give role: owner, agent or null.');
      // Nobody changes their own role: a site is never left without the owner who meant to keep it.
      if (target.id === c.get('session').account.id) throw new ApiError(409, 'own_account', 'You cannot change your own role.');
      if (!await store.setSiteRole(target.id, key, role)) throw unknownSite();
      await audit(c, role ? 'account.role' : 'account.role-removed', `account:${target.id}`, { role }, key);
      return c.json({ account: seenBy(accessFrom(c), (await store.findAccount(target.id))!) ?? null });
    })
    .post('/:id/disabled', async (c) => {
      const access = accessFrom(c);
      const target = await visible(c, c.req.param('id'));
      const body = parse(AccountDisable, await jsonBody(c), 'Give disabled: true or false.');
      if (target.id === c.get('session').account.id) throw new ApiError(409, 'own_account', 'You cannot disable your own account.');
      // Disabling stops the person on every site: only someone who owns all of them may.
      if (!access.admin && (target.admin || target.sites.some((s) => !access.can(s.site, 'owner')))) {
        throw new ApiError(403, 'forbidden_role', 'This account also works on sites you do not own; ask a server administrator.');
      }
      if (!await store.setAccountDisabled(target.id, body.disabled)) throw notFound();
      await audit(c, body.disabled ? 'account.disable' : 'account.enable', `account:${target.id}`, {});
      return c.json({ ok: true });
    })
    // A sign-in lock is a guard, not a punishment: an owner who knows it is their colleague lifts
    // it. Any site the account works on will do (the lock stops it on all of them alike); an
    // account on none of the caller's sites is as unknown as a made-up id.
    .post('/:id/unlock', async (c) => {
      const target = await visible(c, c.req.param('id'));
      // An administrator's lock guards every site: only another administrator lifts it.
      if (target.admin && !accessFrom(c).admin) throw new ApiError(403, 'forbidden_role', 'This is a server administrator\'s account; ask another administrator to lift its lock.');
      const cleared = await store.clearAccountLocks(target.email);
      const shared = seenBy(accessFrom(c), target)!.sites;
      await audit(c, 'account.unlock', `account:${target.id}`, { cleared }, shared.length === 1 ? shared[0]!.site : undefined);
      return c.json({ ok: true, cleared } satisfies AccountUnlocked);
    })
    // The trail of the caller's sites, and their own sign-ins (an administrator's: everything).
    .get('/audit', async (c) => {
      const access = accessFrom(c);
      const sites = access.sites('owner');
      return c.json({ entries: await store.listAudit({ limit: 500, ...(sites ? { sites, accountId: access.account.id } : {}) }) });
    });
}
