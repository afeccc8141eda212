import type { FirstLayerConfig, SiteConfig } from '../../protocol/index.ts';
import { SITE_CONFIG_KEY, type WidgetContext } from '../boot/context.ts';
import { readJson, writeJson } from '../util/index.ts';

interface Cached {
  at: number;
  config: SiteConfig;
}

// Fresh enough to skip the request on the next pages of a visit.
const FRESH_MS = 5 * 60_000;

// Kept on the context, not in this module: the loader and the chunks are separate builds with a
// copy each, and a request the loader started is the one a chunk should wait for.
type WithRequest = WidgetContext & { configRequest?: Promise<SiteConfig | undefined> };

const cacheKey = ({ config }: WidgetContext) => `${SITE_CONFIG_KEY}:${config.site}:${config.lang}`;

/** The full settings this browser last got, however old, and whether they are fresh; no request. */
function storedSiteConfig(ctx: WidgetContext, now: number): { config: SiteConfig; fresh: boolean } | undefined {
  const cached = readJson<Cached | null>(cacheKey(ctx), null);
  return cached?.config && { config: cached.config, fresh: now - cached.at < FRESH_MS };
}

/**
 * What the loader and the form box draw from, with no request: the per-site script's first layer,
 * or else the last full copy this browser got.
 */
export function cachedSiteConfig(ctx: WidgetContext, now = Date.now()): { config: FirstLayerConfig; fresh: boolean } | undefined {
  return ctx.preloaded ? { config: ctx.preloaded, fresh: true } : storedSiteConfig(ctx, now);
}

/** The per-site script's first layer when there is one, else the full settings (loadSiteConfig). */
export const loadFirstLayer = (ctx: WidgetContext): Promise<FirstLayerConfig | undefined> => (ctx.preloaded ? Promise.resolve(ctx.preloaded) : loadSiteConfig(ctx));

/**
 * The site's full texts and settings from the server, for the chunks that draw more than the
 * first layer. A cached copy is used while fresh, and also when the server cannot be reached, so
 * a visitor can still choose during an outage.
 */
export function loadSiteConfig(ctx: WidgetContext, now = Date.now()): Promise<SiteConfig | undefined> {
  const { api, site, lang } = ctx.config;
  const cached = storedSiteConfig(ctx, now);
  if (cached?.fresh) return Promise.resolve(cached.config);
  const c = ctx as WithRequest;
  // The site key needs no encoding: readScriptConfig lets through only pk_ and [A-Za-z0-9_-].
  return (c.configRequest ??= fetch(`${api}/v1/sites/${site}/config?lang=${lang}`, { credentials: 'omit' })
    .then(async (res) => {
      if (res.ok) return res.json() as Promise<SiteConfig>;
      // An unknown key or an origin the site does not allow: the server says which, readably
      // cross-origin. The widget goes away and says so once; any other failure is an outage.
      const { error, message } = await res.json();
      if (!/^(unknown_site|origin_not_allowed)$/.test(error)) throw error;
      ctx.refuse?.(message);
    })
    .then((config) => {
      if (config) writeJson(cacheKey(ctx), { at: now, config } satisfies Cached);
      return config;
    })
    .catch(() => cached?.config)
    .finally(() => delete c.configRequest));
}
