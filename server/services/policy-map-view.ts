/** @module The console's view of how the chat reads a site's policy, and the owner's choices per intent. */
import { Lang, PolicyIntent, PolicyMapChoice, type PolicyMapEntry, type PolicyMapView } from '../../protocol/index.ts';
import { ApiError, toIssues } from '../errors.ts';
import type { Store } from '../store/index.ts';
import { answerQuestion, TOPIC } from './answers/index.ts';
import type { PolicyLibrary } from './answers/library.ts';
import { POLICY_INTENTS, SAMPLE_QUESTION } from './answers/intents/taxonomy.ts';

export interface PolicyMapDeps {
  store: Store;
  policies: PolicyLibrary;
}

async function load({ store }: PolicyMapDeps, site: string, lang: Lang) {
  const settings = (await store.getSite(site))?.settings;
  if (!settings) throw new ApiError(404, 'unknown_site', 'No site has this key.');
  const policy = await store.getPolicy(site, lang);
  if (!policy) throw new ApiError(404, 'no_policy', `The site has no policy in ${lang === 'nb' ? 'Norwegian' : 'English'} yet: save one first.`);
  return { settings, policy };
}

/**
 * For each intent, where the chat answers it from in this language's policy and the reply it
 * gives to a plain question about it, in `consoleLang` for the topic names. An intent the policy
 * does not answer is a gap, shown so the owner (and the DPO) can see what the policy lacks.
 */
export async function policyMapView(deps: PolicyMapDeps, site: string, lang: Lang, consoleLang: Lang): Promise<PolicyMapView> {
  const { settings, policy } = await load(deps, site, lang);
  const index = deps.policies.index(policy);
  const map = await index.map();
  const key = { site, lang, version: policy.version };
  const choices = await deps.store.getPolicyChoices(key);
  const title = (id: string | undefined) => index.sections.find((s) => s.id === id)?.title ?? null;
  const entries: PolicyMapEntry[] = [];
  for (const intent of POLICY_INTENTS) {
    const choice = choices[intent];
    const question = SAMPLE_QUESTION[intent][lang];
    const reply = await answerQuestion({
      question,
      pageLang: lang,
      site: settings,
      intent,
      policy: async (l) => (l === lang ? policy : undefined),
      index: (p) => deps.policies.index(p),
      override: async () => choice,
    });
    const found = map.sections[intent]?.[0];
    const cookieDeclaration = reply.answers[0]?.sectionId === 'samtykke:cookies';
    const source: PolicyMapEntry['source'] = choice?.answer ? 'own' : choice?.sectionId ? 'chosen' : found || cookieDeclaration ? 'found' : 'gap';
    const sectionId = choice?.sectionId ?? (choice?.answer ? null : (found ?? null));
    entries.push({ intent, topic: TOPIC[intent][consoleLang], source, sectionId, sectionTitle: sectionId ? title(sectionId) : null, question, reply: reply.text });
  }
  return { lang, version: policy.version, sections: index.sections.map((s) => ({ id: s.id, title: s.title })), entries };
}

/** Saves the owner's choice for one intent of the policy version now stored; `null` goes back to what the chat found. */
export async function choosePolicyAnswer(deps: PolicyMapDeps, site: string, lang: Lang, intentParam: string, input: unknown | null): Promise<void> {
  const intent = PolicyIntent.safeParse(intentParam);
  if (!intent.success) throw new ApiError(404, 'unknown_intent', `No intent is called "${intentParam}".`);
  const { policy } = await load(deps, site, lang);
  const key = { site, lang, version: policy.version };
  if (input === null) return deps.store.setPolicyChoice(key, intent.data, null);
  const parsed = PolicyMapChoice.safeParse(input);
  if (!parsed.success) throw new ApiError(400, 'validation_failed', 'The choice is not valid.', { issues: toIssues(parsed.error) });
  const { sectionId, answer } = parsed.data;
  if (sectionId !== undefined) {
    if (!deps.policies.index(policy).sections.some((s) => s.id === sectionId)) {
      throw new ApiError(400, 'validation_failed', 'The policy has no section with this id.', { issues: [{ path: 'sectionId', message: 'is not a section of this policy' }] });
    }
    return deps.store.setPolicyChoice(key, intent.data, { sectionId });
  }
  return deps.store.setPolicyChoice(key, intent.data, { answer: answer! });
}
