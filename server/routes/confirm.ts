import { Hono, type Context } from 'hono';
import type { AppDeps } from '../app-deps.ts';
import { confirm, confirmPage, confirmState, type ConfirmState } from '../services/double-opt-in/index.ts';

/**
 * `/c/:token`: the double opt-in link in the confirmation mail. GET shows whose address it is and
 * a button, and changes nothing (mail filters open links to scan them, which must not confirm);
 * POST confirms. No script: the default HTML CSP (middleware/html-csp) covers the page.
 */
export function confirmRoutes({ store, clock }: AppDeps) {
  const page = (c: Context, state: ConfirmState) => {
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(confirmPage(state), state.status === 'invalid' ? 404 : 200);
  };
  return new Hono()
    .get('/:token', async (c) => page(c, await confirmState(store, c.req.param('token'), clock())))
    .post('/:token', async (c) => page(c, await confirm(store, c.req.param('token'), clock())));
}
