import { Hono } from 'hono';
import { AskPolicy, type PolicyAnswers } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError } from '../errors.ts';
import { allowSiteOrigin } from '../middleware/site-cors/index.ts';
import type { ChatDeps } from '../services/chat-deps.ts';
import { clientKey, enforce, findAnswers, readJson } from './chat-support.ts';

/**
 * `POST /v1/sites/:key/answers`: the quick-reply chips ask without opening a conversation. The
 * policy is public, so any origin may read the answer; the site's own get the CORS header.
 */
export function answerRoutes(deps: AppDeps, chat: ChatDeps) {
  return new Hono().post('/:key/answers', async (c) => {
    const site = await deps.store.getSite(c.req.param('key'));
    if (!site) throw new ApiError(404, 'unknown_site', 'No site has this key.');
    allowSiteOrigin(c, site.settings);
    await enforce(c, chat.limits.asksPerClient, clientKey(c, deps));
    const { lang, question } = await readJson(c, AskPolicy);
    const { answers, request } = await findAnswers(deps, chat, site.settings, lang, question);
    return c.json({ answers, ...(request ? { request } : {}) } satisfies PolicyAnswers);
  });
}
