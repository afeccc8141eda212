import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { Lang, type SiteConfig } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError, toIssues } from '../errors.ts';
import { allowSiteOrigin } from '../middleware/site-cors/index.ts';
import { cookieNotice } from '../services/cookie-notice.ts';
import { marketingTexts, toShownText } from '../services/notice-texts.ts';

/** `GET /v1/sites/:key/config`: what the widget needs to draw itself for one site. */
export function siteConfigRoutes({ store }: AppDeps) {
  return new Hono().get('/:key/config', etag(), async (c) => {
    const lang = Lang.safeParse(c.req.query('lang') ?? 'nb');
    if (!lang.success) throw new ApiError(400, 'validation_failed', 'lang must be nb or en.', { issues: toIssues(lang.error, ['lang']) });
    const stored = await store.getSite(c.req.param('key'));
    if (!stored) throw new ApiError(404, 'unknown_site', 'No site has this key.');
    const site = stored.settings;
    allowSiteOrigin(c, site);
    // Every served text is stored before it leaves, so any hash a widget sends back is a known text (invariant 3).
    const [optIn, optOut] = await Promise.all(marketingTexts(site, lang.data).map(async (t) => toShownText(t, await store.putNoticeText(t.stored, lang.data))));
    const notice = cookieNotice(site, lang.data);
    const body: SiteConfig = {
      site: { key: site.key, name: site.name },
      policy: {
        url: site.policy.url,
        version: site.policy.version,
        ...(site.policy.changeSummary ? { changeSummary: site.policy.changeSummary[lang.data] } : {}),
      },
      lang: lang.data,
      texts: { marketingEmail: optIn!, marketingEmailOptOut: optOut! },
      forms: Object.fromEntries(Object.entries(site.forms).map(([id, f]) => [id, { basis: f.basis }])),
      cookies: { hash: await store.putNoticeText(notice.stored, lang.data), ...notice.config },
    };
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(body);
  });
}
