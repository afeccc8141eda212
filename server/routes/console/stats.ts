import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.ts';
import type { ConsoleEnv } from '../../middleware/console-auth/index.ts';
import { anonymiseStats } from '../../services/anonymised-stats.ts';

/**
 * Counts only, never persons: the numbers page may be shown to anyone with a console account.
 * The store's counts are exact; what leaves here is rounded down to a multiple of 5, and under 5 is `null`.
 */
export function statsRoutes({ store }: AppDeps) {
  return new Hono<ConsoleEnv>().get('/', async (c) => {
    const site = c.req.query('site') || undefined;
    const exact = { weeklyOptIns: await store.weeklyOptIns(site), categoryChoices: await store.categoryChoices(site), requests: await store.requestStats(site) };
    return c.json(anonymiseStats(exact));
  });
}
