import { Hono, type Context } from 'hono';
import { Lang } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError } from '../errors.ts';
import { cspHeader } from '../middleware/html-csp/index.ts';
import { renderPolicyPage } from '../services/policy-page.ts';

/** The demo site's published policy pages, which its config and the chat's answers link to. */
const DEMO_PAGES = { '/personvern.html': 'nb', '/privacy.html': 'en' } as const;
const DEMO_SITE = 'pk_demo_nettfokus';

/**
 * The owner's Markdown is on this page, on the console's origin: no script of any kind (a link
 * the renderer missed would still be inert), our stylesheet, images from our origin or https (a
 * policy may show a logo); links may go anywhere, they are navigations.
 */
const POLICY_CSP = cspHeader({
  'default-src': ["'none'"],
  'script-src': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'https:'],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
});

/**
 * A site's privacy policy as the server keeps it, as a readable page: `/policy/:site/:lang`, for
 * site owners who have no page of their own yet, and the demo site's two pages.
 */
export function policyPages({ store, demo = true }: Pick<AppDeps, 'store'> & { demo?: boolean }): Hono {
  const page = async (site: string, lang: Lang) => {
    const policy = await store.getPolicy(site, lang);
    const settings = (await store.getSite(site))?.settings;
    if (!policy || !settings) throw new ApiError(404, 'no_policy', `Site ${site} has no policy in ${lang}.`);
    const title = lang === 'en' ? `Privacy policy – ${settings.name}` : `Personvernerklæring – ${settings.name}`;
    return renderPolicyPage({ markdown: policy.markdown, lang, title });
  };
  const app = new Hono();
  const html = (c: Context, body: string) => {
    c.header('Content-Security-Policy', POLICY_CSP);
    return c.html(body);
  };
  // Not in production unless the demo is asked for: a database from a demo run may still hold its site.
  if (demo) for (const [path, lang] of Object.entries(DEMO_PAGES)) app.get(path, async (c) => html(c, await page(DEMO_SITE, lang)));
  app.get('/policy/:site/:lang', async (c) => {
    const lang = Lang.safeParse(c.req.param('lang'));
    if (!lang.success) throw new ApiError(404, 'no_policy', 'Policies are published as /policy/<site>/nb or /policy/<site>/en.');
    return html(c, await page(c.req.param('site'), lang.data));
  });
  return app;
}
