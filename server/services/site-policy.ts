/** @module A site's privacy policy per language: saved for the chat to answer from, and shown back to the owner. */
import { Lang, PolicyUploadBody, type PolicySummary, type SitePolicies } from '../../protocol/index.ts';
import { ApiError, toIssues } from '../errors.ts';
import type { Store } from '../store/index.ts';
import { toMarkdown } from './answers/ingest.ts';
import { createPolicyLibrary, type PolicyLibrary } from './answers/library.ts';

export interface SitePolicyDeps {
  store: Store;
  /** Where this server is reached: its `/policy/:site/:lang` pages are the default link target. */
  publicUrl: string;
  /** The chat's index cache, so a saved policy is indexed once. */
  policies?: PolicyLibrary;
}

export const publishedPolicyUrl = (publicUrl: string, site: string, lang: Lang) => `${publicUrl}/policy/${encodeURIComponent(site)}/${lang}`;

/**
 * Checks and saves one language version. It is refused, with a message naming the problem, when
 * the body is not valid (400) or when the chat could find nothing in it (422: no heading to split
 * it at, so every answer would be the whole document). Stored under the site's current policy
 * version. Returns what the console shows.
 */
export async function savePolicy({ store, publicUrl, policies = createPolicyLibrary() }: SitePolicyDeps, site: string, lang: Lang, input: unknown): Promise<PolicySummary> {
  const settings = (await store.getSite(site))?.settings;
  if (!settings) throw new ApiError(404, 'unknown_site', 'No site has this key.');
  const parsed = PolicyUploadBody.safeParse(input);
  if (!parsed.success) throw new ApiError(400, 'validation_failed', 'The policy is not valid.', { issues: toIssues(parsed.error) });
  // Plain text and HTML are kept as the Markdown the chat splits and the policy page renders, so
  // the anchors answers link to exist on the published page.
  const policy = { site, lang, markdown: toMarkdown(parsed.data.markdown), url: parsed.data.url ?? publishedPolicyUrl(publicUrl, site, lang), version: settings.policy.version };
  const index = policies.index(policy);
  if (index.sections.length === 0) {
    throw new ApiError(422, 'policy_without_sections', 'The policy has no headings the chat can find (Markdown # headings, HTML <h2>, or in plain text short lines of their own such as "Hvor lenge lagrer vi opplysningene?"), so it has no parts to answer from. Give each topic its own heading.');
  }
  await store.putPolicy(policy);
  // The map onto the intents, kept with the version it was built for (the console shows it, and
  // it records what the chat answered from).
  await store.putPolicyMap({ site, lang, version: policy.version }, JSON.stringify(await index.map()));
  return summary({ ...policy, updatedAt: (await store.getPolicy(site, lang))!.updatedAt }, policies);
}

/** Both languages as stored, for the console's settings page. */
export async function sitePolicies({ store, publicUrl, policies = createPolicyLibrary() }: SitePolicyDeps, site: string): Promise<SitePolicies> {
  const settings = (await store.getSite(site))?.settings;
  if (!settings) throw new ApiError(404, 'unknown_site', 'No site has this key.');
  const found: PolicySummary[] = [];
  for (const lang of Lang.options) {
    const policy = await store.getPolicy(site, lang);
    const imported = await store.getPolicyImport(site, lang);
    if (policy) found.push({ ...summary(policy, policies), ...(imported ? { imported: { url: imported.url, checkedAt: imported.checkedAt, changedAt: imported.changedAt } } : {}) });
  }
  return {
    policies: found,
    currentVersion: settings.policy.version,
    published: { nb: publishedPolicyUrl(publicUrl, site, 'nb'), en: publishedPolicyUrl(publicUrl, site, 'en') },
  };
}

function summary(policy: { lang: Lang; markdown: string; url: string; version: string; updatedAt: string }, policies: PolicyLibrary): PolicySummary {
  const { title, sections } = policies.index(policy);
  const { lang, markdown, url, version, updatedAt } = policy;
  return { lang, markdown, url, version, updatedAt, title, sections: sections.length };
}
