import type { Lang, SiteConfig, SiteSettings } from '../../protocol/index.ts';
import type { Store } from '../store/index.ts';
import { cookieNotice } from './cookie-notice.ts';
import { marketingTexts, toShownText } from './notice-texts.ts';

/**
 * What the widget needs to draw itself for one site in one language: the settings route's answer
 * and, inline, the per-site script's. Every text in it is stored (and so hashed) before it is
 * returned, so any hash a widget sends back points at the exact text it showed (invariant 3).
 */
export async function siteConfigFor(store: Store, site: SiteSettings, lang: Lang): Promise<SiteConfig> {
  const [optIn, optOut] = await Promise.all(marketingTexts(site, lang).map(async (t) => toShownText(t, await store.putNoticeText(t.stored, lang))));
  const notice = cookieNotice(site, lang);
  return {
    site: { key: site.key, name: site.name },
    policy: {
      url: site.policy.url,
      version: site.policy.version,
      ...(site.policy.changeSummary ? { changeSummary: site.policy.changeSummary[lang] } : {}),
    },
    lang,
    texts: { marketingEmail: optIn!, marketingEmailOptOut: optOut! },
    forms: Object.fromEntries(Object.entries(site.forms).map(([id, f]) => [id, { basis: f.basis }])),
    cookies: { hash: await store.putNoticeText(notice.stored, lang), ...notice.config },
  };
}

/** What a site owner reads in the browser console when a page's origin is not among the site's. */
export function originNotAllowed(origin: string, key: string): string {
  return `This page's origin ${origin} is not allowed for site ${key}: add it under Console → Settings → Allowed origins (or to "origins" in SITES_FILE).`;
}

export const UNKNOWN_SITE = (key: string) => `No site has the key ${key}: check data-site (or the /s/<key>.js address) against the key in Console → Settings.`;
