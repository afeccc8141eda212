import type { SiteConfig } from '../../protocol/index.ts';
import { STORAGE, type WidgetContext } from '../boot/context.ts';
import { readJson, writeJson } from '../util/index.ts';

interface Cached {
  at: number;
  config: SiteConfig;
}

// Fresh enough to skip the request on the next pages of a visit.
const FRESH_MS = 5 * 60_000;

let inFlight: Promise<SiteConfig | undefined> | undefined;

/**
 * The site's texts and settings from the server. A cached copy is used while fresh, and also
 * when the server cannot be reached, so a visitor can still choose during an outage.
 */
export function loadSiteConfig(ctx: WidgetContext, now = Date.now()): Promise<SiteConfig | undefined> {
  const { api, site, lang } = ctx.config;
  const key = `${STORAGE.siteConfig}:${site}:${lang}`;
  const cached = readJson<Cached | null>(key, null);
  if (cached && now - cached.at < FRESH_MS) return Promise.resolve(cached.config);
  inFlight ??= fetch(`${api}/v1/sites/${encodeURIComponent(site)}/config?lang=${lang}`, { credentials: 'omit' })
    .then(async (res) => {
      if (!res.ok) throw new Error(String(res.status));
      const config = (await res.json()) as SiteConfig;
      writeJson(key, { at: now, config } satisfies Cached);
      return config;
    })
    .catch(() => cached?.config)
    .finally(() => (inFlight = undefined));
  return inFlight;
}
