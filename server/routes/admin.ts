import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { ApiError, toIssues } from '../errors.ts';
import { adminAuth } from '../middleware/admin-auth/index.ts';

const ConsentsQuery = z.object({
  email: z.string().trim().max(254).pipe(z.email({ message: 'must be an email address' })),
  site: z.string().min(1).max(80).optional(),
});

/** Staff API: a person's proofs with the exact text shown, and the chain check per site. */
export function adminRoutes({ store, log }: AppDeps) {
  return new Hono()
    .use('*', adminAuth({ store }))
    .get('/consents', async (c) => {
      const query = ConsentsQuery.safeParse(c.req.query());
      if (!query.success) throw new ApiError(400, 'validation_failed', 'Give ?email= and optionally ?site=.', { issues: toIssues(query.error) });
      const records = await store.findConsentsByEmail(query.data.email, query.data.site);
      // Who looked is worth knowing; whom they looked up is personal and stays out of the log.
      log.info('admin consents lookup', { records: records.length });
      return c.json({ records });
    })
    .get('/chain/:site', async (c) => {
      const site = c.req.param('site');
      if (!await store.getSite(site)) throw new ApiError(404, 'unknown_site', 'No site has this key.');
      return c.json({ site, ...await store.verifyChain(site) });
    });
}
