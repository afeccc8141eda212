import type { Context, MiddlewareHandler } from 'hono';
import type { SiteSettings } from '../../../protocol/index.ts';
import type { Store } from '../../store/index.ts';

export interface SiteCorsOptions {
  store: Store;
  /** @default 600 */
  maxAgeSeconds?: number;
}

/**
 * CORS for `/v1/*`. A preflight cannot know the site (it sits in the POST body), so it is allowed
 * for any registered origin; the real answer only carries `Access-Control-Allow-Origin` when a
 * route confirms the origin belongs to the site addressed ({@link allowSiteOrigin}).
 */
export function siteCors({ store, maxAgeSeconds = 600 }: SiteCorsOptions): MiddlewareHandler {
  return async function siteCorsHandler(c, next) {
    c.header('Vary', 'Origin');
    if (c.req.method !== 'OPTIONS') return next();
    const origin = c.req.header('origin');
    if (origin && origin !== 'null' && await store.isKnownOrigin(origin)) {
      c.header('Access-Control-Allow-Origin', origin);
      // DELETE and Authorization: the chat ends a conversation and proves its token with a header.
      c.header('Access-Control-Allow-Methods', 'GET, POST, DELETE');
      c.header('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      c.header('Access-Control-Max-Age', String(maxAgeSeconds));
    }
    return c.body(null, 204);
  };
}

/** Reflects the request's Origin when the site lists it. Returns whether it did. */
export function allowSiteOrigin(c: Context, site: SiteSettings): boolean {
  const origin = c.req.header('origin');
  if (!origin || !site.origins.includes(origin)) return false;
  c.header('Access-Control-Allow-Origin', origin);
  return true;
}
