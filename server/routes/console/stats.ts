import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.ts';
import type { ConsoleEnv } from '../../middleware/console-auth/index.ts';

/** Counts only, never persons: the numbers page may be shown to anyone with a console account. */
export function statsRoutes({ store }: AppDeps) {
  return new Hono<ConsoleEnv>().get('/', async (c) => {
    const site = c.req.query('site') || undefined;
    return c.json({ weeklyOptIns: await store.weeklyOptIns(site), categoryChoices: await store.categoryChoices(site), requests: await store.requestStats(site) });
  });
}
