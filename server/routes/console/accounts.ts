import { Hono } from 'hono';
import { AccountDisable, type AccountUnlocked } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { requireRole, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import { jsonBody, parse } from './parse.ts';

/** Staff accounts (owner only). New accounts and passwords come from the CLI, so no password crosses the browser twice. */
export function accountRoutes({ store, clock }: AppDeps) {
  return new Hono<ConsoleEnv>()
    .use('*', requireRole('owner'))
    .get('/', async (c) => c.json({ accounts: await store.listAccounts() }))
    .post('/:id/disabled', async (c) => {
      const id = Number(c.req.param('id'));
      const body = parse(AccountDisable, await jsonBody(c), 'Give disabled: true or false.');
      if (id === c.get('session').account.id) throw new ApiError(409, 'own_account', 'You cannot disable your own account.');
      if (!await store.setAccountDisabled(id, body.disabled)) throw new ApiError(404, 'not_found', 'No account with this id.');
      await store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action: body.disabled ? 'account.disable' : 'account.enable', target: `account:${id}` });
      return c.json({ ok: true });
    })
    // A sign-in lock is a guard, not a punishment: an owner who knows it is their colleague lifts it.
    .post('/:id/unlock', async (c) => {
      const id = Number(c.req.param('id'));
      const account = (await store.listAccounts()).find((a) => a.id === id);
      if (!account) throw new ApiError(404, 'not_found', 'No account with this id.');
      const cleared = await store.clearAccountLocks(account.email);
      await store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action: 'account.unlock', target: `account:${id}` });
      return c.json({ ok: true, cleared } satisfies AccountUnlocked);
    })
    .get('/audit', async (c) => c.json({ entries: await store.listAudit({ limit: 500 }) }));
}
