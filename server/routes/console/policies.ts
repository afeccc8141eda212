import { Hono } from 'hono';
import { Lang } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { requireSite, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import type { ChatDeps } from '../../services/chat-deps.ts';
import { choosePolicyAnswer, policyMapView } from '../../services/policy-map-view.ts';
import { createOutboundGuard } from '../../services/outbound/index.ts';
import { importPolicy } from '../../services/policy-import.ts';
import { savePolicy, sitePolicies } from '../../services/site-policy.ts';
import { jsonBody } from './parse.ts';

/**
 * A site's privacy policy, which the chat answers from: everyone signed in may read it (it is
 * public), only an owner may replace it; each only on their own sites. Mounted under `/sites`.
 */
export function policyRoutes({ store, clock, config, outbound = createOutboundGuard() }: AppDeps, chat: ChatDeps) {
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
    })
    // Read the policy from an address on the site's own origins (re-read daily by the jobs).
    .post('/:key/policies/:lang/import', requireSite('owner'), async (c) => {
      const [key, lang] = [c.req.param('key'), langOf(c.req.param('lang'))];
      const saved = await importPolicy({ ...deps, outbound, clock }, key, lang, await jsonBody(c));
      await store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action: 'site.policy-import', target: `site:${key}`, detail: { lang, url: saved.imported?.url ?? null, sections: saved.sections } });
      return c.json(saved);
    })
    // How the chat reads the policy: each intent's section and reply, and the gaps. `?ui=en` names the topics in English.
    .get('/:key/policies/:lang/map', requireSite('agent'), async (c) => {
      const ui = Lang.safeParse(c.req.query('ui') ?? 'nb');
      return c.json(await policyMapView(deps, c.req.param('key'), langOf(c.req.param('lang')), ui.success ? ui.data : 'nb'));
    })
    .put('/:key/policies/:lang/map/:intent', requireSite('owner'), async (c) => {
      const [key, lang, intent] = [c.req.param('key'), langOf(c.req.param('lang')), c.req.param('intent')];
      const body = await jsonBody(c);
      await choosePolicyAnswer(deps, key, lang, intent, body);
      await store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action: 'site.policy-choice', target: `site:${key}`, detail: { lang, intent, kind: (body as { answer?: unknown }).answer !== undefined ? 'own' : 'section' } });
      return c.json(await policyMapView(deps, key, lang, Lang.safeParse(c.req.query('ui')).data ?? 'nb'));
    })
    .delete('/:key/policies/:lang/map/:intent', requireSite('owner'), async (c) => {
      const [key, lang, intent] = [c.req.param('key'), langOf(c.req.param('lang')), c.req.param('intent')];
      await choosePolicyAnswer(deps, key, lang, intent, null);
      await store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action: 'site.policy-choice', target: `site:${key}`, detail: { lang, intent, kind: 'reset' } });
      return c.json(await policyMapView(deps, key, lang, Lang.safeParse(c.req.query('ui')).data ?? 'nb'));
    });
}

function langOf(param: string): Lang {
  const lang = Lang.safeParse(param);
  if (!lang.success) throw new ApiError(404, 'unknown_language', 'A policy is in nb or en: …/policies/nb or …/policies/en.');
  return lang.data;
}
