import { Hono } from 'hono';
import { Lang } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { requireSite, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import type { ChatDeps } from '../../services/chat-deps.ts';
import { savePolicy, sitePolicies } from '../../services/site-policy.ts';
import { jsonBody } from './parse.ts';

/**
 * A site's privacy policy, which the chat answers from: everyone signed in may read it (it is
 * public), only an owner may replace it; each only on their own sites. Mounted under `/sites`.
 */
export function policyRoutes({ store, clock, config }: AppDeps, chat: ChatDeps) {
  const deps = { store, publicUrl: config.publicUrl, policies: chat.policies };
  return new Hono<ConsoleEnv>()
    .get('/:key/policies', requireSite('agent'), async (c) => c.json(await sitePolicies(deps, c.req.param('key'))))
    .put('/:key/policies/:lang', requireSite('owner'), async (c) => {
      const key = c.req.param('key');
      const lang = Lang.safeParse(c.req.param('lang'));
      if (!lang.success) throw new ApiError(404, 'unknown_language', 'A policy is in nb or en: PUT …/policies/nb or …/policies/en.');
      const saved = await savePolicy(deps, key, lang.data, await jsonBody(c));
      await store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action: 'site.policy', target: `site:${key}`, detail: { lang: lang.data, characters: saved.markdown.length, sections: saved.sections } });
      return c.json(saved);
    });
}
