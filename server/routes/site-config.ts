import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { Lang } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError, toIssues } from '../errors.ts';
import { allowSiteOrigin } from '../middleware/site-cors/index.ts';
import { originNotAllowed, siteConfigFor, UNKNOWN_SITE } from '../services/site-config.ts';

/** `GET /v1/sites/:key/config`: what the widget needs to draw itself for one site. */
export function siteConfigRoutes({ store }: AppDeps) {
  return new Hono().get('/:key/config', etag(), async (c) => {
    const lang = Lang.safeParse(c.req.query('lang') ?? 'nb');
    if (!lang.success) throw new ApiError(400, 'validation_failed', 'lang must be nb or en.', { issues: toIssues(lang.error, ['lang']) });
    const key = c.req.param('key');
    const origin = c.req.header('origin');
    // A wrong key or an origin not yet allowed is a site owner's set-up mistake: the widget reads
    // this answer and says which in the console, so it must be readable cross-origin (the answer
    // names no data beyond what the key and the page's own origin already say).
    const readable = () => origin && origin !== 'null' && c.header('Access-Control-Allow-Origin', origin);
    const stored = await store.getSite(key);
    if (!stored) {
      readable();
      throw new ApiError(404, 'unknown_site', UNKNOWN_SITE(key));
    }
    const site = stored.settings;
    if (origin && !allowSiteOrigin(c, site)) {
      readable();
      throw new ApiError(403, 'origin_not_allowed', originNotAllowed(origin, site.key));
    }
    const body = await siteConfigFor(store, site, lang.data);
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(body);
  });
}
