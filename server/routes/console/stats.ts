import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.ts';
import { accessFrom, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import { anonymiseStats } from '../../services/anonymised-stats.ts';
import { deadlineState } from '../../services/deadlines.ts';

/**
 * Counts only, never persons: the numbers page may be shown to anyone with a console account.
 * The store's counts are exact; what leaves here is rounded down to a multiple of 5, and under 5 is `null`.
 */
export function statsRoutes({ store, clock }: AppDeps) {
  return new Hono<ConsoleEnv>().get('/', async (c) => {
    // The caller's sites only: their totals are rounded as one, like every site's together.
    const { site, sites } = accessFrom(c).scope(c.req.query('site') || undefined);
    const now = clock();
    const states = (await store.listRightsRequests({ site, sites })).map((r) => ({ kind: r.kind, ...deadlineState(r, now) }));
    const requests = (await store.requestStats(site, sites)).map((r) => ({
      ...r,
      open: states.filter((x) => x.kind === r.kind && x.open).length,
      overdue: states.filter((x) => x.kind === r.kind && x.overdue).length,
    }));
    const exact = { weeklyOptIns: await store.weeklyOptIns(site, sites), categoryChoices: await store.categoryChoices(site, sites), requests };
    return c.json(anonymiseStats(exact));
  });
}
