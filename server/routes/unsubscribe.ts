import { Hono, type Context } from 'hono';
import type { Lang } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { unsubscribe, unsubscribePage, unsubscribeState } from '../services/unsubscribe.ts';

/** No script, no style, nothing from elsewhere; the one form posts back here. */
const CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** `?lang=en`, else the browser's first choice between nb and en; Bokmål by default. */
function pageLang(c: Context, fromForm?: unknown): Lang {
  const asked = fromForm ?? c.req.query('lang');
  if (asked === 'en' || asked === 'nb') return asked;
  return /^\s*en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'nb';
}

/**
 * `/u/:token`: the one-click unsubscribe link in marketing mail. GET shows who it is for and a
 * button, and changes nothing (mail filters open links to scan them); POST unsubscribes. POST is
 * also what a mail client sends for RFC 8058 `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
 */
export function unsubscribeRoutes({ store, clock }: AppDeps) {
  const page = (c: Context, html: string, status: 200 | 404) => {
    c.header('Content-Security-Policy', CSP);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(html, status);
  };
  return new Hono()
    .get('/:token', async (c) => {
      const state = await unsubscribeState(store, c.req.param('token'));
      return page(c, unsubscribePage(state, pageLang(c)), state.status === 'invalid' ? 404 : 200);
    })
    .post('/:token', async (c) => {
      // A form or a one-click body; neither carries anything we need beyond the page's language.
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const state = await unsubscribe(store, c.req.param('token'), clock());
      return page(c, unsubscribePage(state, pageLang(c, form.lang), { justDone: true }), state.status === 'invalid' ? 404 : 200);
    });
}
