import { Hono } from 'hono';
import { z } from 'zod';
import { plainText } from '../../../protocol/text.ts';
import type { AppDeps } from '../../app-deps.ts';
import { retentionPlan } from '../../jobs/index.ts';
import { accessFrom, requireRole, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import type { ChatDeps } from '../../services/chat-deps.ts';
import { parse } from './parse.ts';

const Query = z.object({ site: plainText(80).optional() }).strict();

/** `GET /console/api/retention[?site=…]`: what the retention job will delete and when, on the owner's sites; counts only. */
export function retentionRoutes({ store, clock }: AppDeps, chat: ChatDeps) {
  return new Hono<ConsoleEnv>().use('*', requireRole('owner')).get('/', async (c) => {
    const q = parse(Query, c.req.query(), 'Filter by site (optional).');
    const { site, sites } = accessFrom(c).scope(q.site, 'owner');
    return c.json(await retentionPlan(store, clock(), { timeZone: chat.timeZone, sites: site ? [site] : sites }));
  });
}
