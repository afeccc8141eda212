import { Hono } from 'hono';
import type { MarketingList } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError } from '../errors.ts';
import { createRateLimiter } from '../services/rate-limit.ts';
import { unsubscribeUrl } from '../services/unsubscribe.ts';
import { sha256Hex } from '../util/crypto.ts';
import { enforce } from './chat-support.ts';
import { bearerSiteSecret, requireSiteSecret } from './site-secret.ts';

/** Calls with the right key per site and minute, per instance: a poll every second still fits. */
export const MARKETING_LIST_PER_MINUTE = 60;

/** `If-None-Match` holds `tag` (weak comparison, as RFC 9110 §13.1.2 asks), or is `*`. */
function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(tag));
}

/**
 * `GET /v1/sites/:key/marketing-list`: the marketing list for the site's own backend (its
 * newsletter or CRM tool) to sync from, with the site's secret key. The same people as the
 * console's CSV download (one store query behind both), so restricted, objecting, erased and
 * withdrawn people are never on it.
 */
export function marketingListRoutes({ store, clock, log, config }: AppDeps) {
  // Counted only once the key is right: anyone knows a site's public key, and failed tries must
  // not use up the site's own allowance.
  const perSite = createRateLimiter({ limit: MARKETING_LIST_PER_MINUTE, windowMs: 60_000, clock });
  return new Hono().get('/:key/marketing-list', async (c) => {
    // Addresses: no shared cache may keep them, and no copy is worth reusing without asking.
    c.header('Cache-Control', 'no-store, private');
    const secret = bearerSiteSecret(c);
    const site = c.req.param('key');
    // Site keys are public (every page's script tag; /v1/sites/:key/config says the same 404).
    if (!await store.getSite(site)) throw new ApiError(404, 'unknown_site', 'No site has this key.');
    await requireSiteSecret(c, store, site, clock(), secret);
    await enforce(c, perSite, site);

    const entries = await store.marketingEntries(site);
    // Weak: each answer carries its own time and freshly sealed links (every link ever issued keeps
    // working), so two answers for the same list differ in bytes but not in meaning.
    const tag = `W/"${sha256Hex(JSON.stringify(['v1', config.publicUrl, site, entries]))}"`;
    c.header('ETag', tag);
    // The count only: the addresses never go to the log.
    if (matches(c.req.header('if-none-match'), tag)) {
      log.info('marketing-list', { site, count: entries.length, changed: false });
      return c.body(null, 304);
    }
    const subscribers = await Promise.all(entries.map(async (e) => ({ email: e.email, basis: e.basis, since: e.since, confirmed_at: e.confirmedAt, unsubscribe_url: await unsubscribeUrl(store, config.publicUrl, site, e.email) })));
    const body: MarketingList = { site, generated_at: clock().toISOString(), subscribers };
    log.info('marketing-list', { site, count: entries.length, changed: true });
    return c.json(body);
  });
}
