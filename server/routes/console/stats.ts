import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.ts';
import type { ConsoleEnv } from '../../middleware/console-auth/index.ts';

/** Counts only, never persons: the numbers page may be shown to anyone with a console account. */
export function statsRoutes({ store }: AppDeps) {
  return new Hono<ConsoleEnv>().get('/', (c) => {
    const site = c.req.query('site') || undefined;
    return c.json({ weeklyOptIns: store.weeklyOptIns(site), categoryChoices: store.categoryChoices(site), requests: store.requestStats(site) });
  });
}
