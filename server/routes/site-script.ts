import { Hono } from 'hono';
import { createHash } from 'node:crypto';
import { firstLayerOf, Lang, SiteKey } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError, toIssues } from '../errors.ts';
import { siteConfigFor, UNKNOWN_SITE } from '../services/site-config.ts';

/**
 * `GET /s/<site key>.js[?lang=en]`: the loader with the site's settings in one language (Bokmål
 * unless `lang` says otherwise) in front of it, so
 * a first visit draws the notice from this one file instead of asking for the settings after it
 * (issue 18: the second round trip was what kept the notice behind the other banners). The
 * settings ride on our own script element (`document.currentScript.samtykke`): no global. Cached
 * like the loader (an ETag, five minutes), so a changed setting shows within five minutes, as the
 * widget's own copy of the settings did. An unknown key still answers with a script, one that
 * says so in the console: a 404 script would only show the browser's "failed to load".
 * One language, not both: the second cost every page about 1.1 KB gzip, which would have put
 * Samtykke's every-page download above the smallest anchor's (issue 18). A page in the other
 * language still works: the loader then asks for its settings as with samtykke.js. And only the
 * first layer's part of them (protocol `FirstLayerConfig`): the chunks that draw the rest fetch
 * the full settings when they are needed.
 */
export function siteScriptRoutes({ store }: AppDeps, loaderScript: () => Promise<string>) {
  return new Hono().get('/:file{[A-Za-z0-9_-]+\\.js}', async (c) => {
    const key = c.req.param('file').slice(0, -3);
    const lang = Lang.safeParse(c.req.query('lang') ?? 'nb');
    if (!lang.success) throw new ApiError(400, 'validation_failed', 'lang must be nb or en.', { issues: toIssues(lang.error, ['lang']) });
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    // Loaded by other sites' pages; `*` also allows `crossorigin` on the tag.
    c.header('Access-Control-Allow-Origin', '*');
    const stored = SiteKey.safeParse(key).success ? await store.getSite(key) : undefined;
    if (!stored) {
      c.header('Cache-Control', 'no-store');
      // A place the site kept for the consent box gives its space back, as when the box cannot be drawn.
      const hide = `function(){document.querySelectorAll('[data-samtykke-checkbox]').forEach(function(e){e.style.display='none'})}`;
      return c.body(`console.error(${JSON.stringify(`[samtykke] ${UNKNOWN_SITE(key)}`)});(${hide})();document.addEventListener('DOMContentLoaded',${hide});\n`);
    }
    const site = stored.settings;
    const inline = { site: site.key, origins: site.origins, config: firstLayerOf(await siteConfigFor(store, site, lang.data)) };
    // JSON is a JavaScript expression; `<` escaped so a site's text can never close a <script> it is inlined into.
    const data = JSON.stringify(inline).replace(/</g, '\\u003c');
    const body = `document.currentScript&&(document.currentScript.samtykke=${data});\n${await loaderScript()}`;
    const tag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    c.header('ETag', tag);
    c.header('Cache-Control', 'public, max-age=300');
    if (c.req.header('if-none-match') === tag) return c.body(null, 304);
    return c.body(body);
  });
}
