/** @module Policies read from an address on the site's own origins, on request and again daily. */
import { createHash } from 'node:crypto';
import { Lang, MAX_POLICY_CHARS, PolicyImportBody, type PolicySummary } from '../../protocol/index.ts';
import { ApiError, toIssues } from '../errors.ts';
import { toMarkdown } from './answers/ingest.ts';
import { OutboundError, type OutboundGuard } from './outbound/index.ts';
import { savePolicy, sitePolicies, type SitePolicyDeps } from './site-policy.ts';

export interface PolicyImportDeps extends SitePolicyDeps {
  outbound: OutboundGuard;
  clock: () => Date;
}

/** A policy page is text: a few hundred KB of HTML at most. */
const MAX_BYTES = 2 * 1024 * 1024;
const TIMEOUT_MS = 10_000;

/**
 * Reads the policy at `url` and saves it as the site's text in `lang`. The address must be on one
 * of the site's origins; a redirect is not followed. Refusals are 400 (address), 422 (what came
 * back is not a policy) or 502 (the site did not answer), each naming the problem.
 */
export async function importPolicy(deps: PolicyImportDeps, site: string, lang: Lang, input: unknown): Promise<PolicySummary> {
  const settings = (await deps.store.getSite(site))?.settings;
  if (!settings) throw new ApiError(404, 'unknown_site', 'No site has this key.');
  const parsed = PolicyImportBody.safeParse(input);
  if (!parsed.success) throw new ApiError(400, 'validation_failed', 'The address is not valid.', { issues: toIssues(parsed.error) });
  const { url } = parsed.data;
  const target = deps.outbound.checkTarget(url, { allowedOrigins: settings.origins });
  if (!target.ok) throw new ApiError(400, 'policy_url_refused', `The policy is read only from the site's own origins (${settings.origins.join(', ')}): ${target.message}`);
  const markdown = await readPolicy(deps.outbound, url, settings.origins);
  // No link address: answers link to the published page, whose anchors match the headings found.
  await savePolicy(deps, site, lang, { markdown });
  const now = deps.clock().toISOString();
  await deps.store.putPolicyImport({ site, lang, url, hash: hashOf(markdown), checkedAt: now, changedAt: null });
  return (await sitePolicies(deps, site)).policies.find((p) => p.lang === lang)!;
}

/**
 * The daily re-read: each imported policy is read again; a changed text is saved (the chat answers
 * from it) and marked changed, which the console's policy page shows. A read that fails leaves
 * the stored text as it is. Returns what happened, for the job log.
 */
export async function recheckPolicyImports(deps: PolicyImportDeps): Promise<{ checked: number; changed: number; failed: number }> {
  const result = { checked: 0, changed: 0, failed: 0 };
  for (const entry of await deps.store.listPolicyImports()) {
    const settings = (await deps.store.getSite(entry.site))?.settings;
    if (!settings) continue;
    result.checked += 1;
    try {
      const markdown = await readPolicy(deps.outbound, entry.url, settings.origins);
      const hash = hashOf(markdown);
      const now = deps.clock().toISOString();
      if (hash === entry.hash) {
        await deps.store.putPolicyImport({ ...entry, checkedAt: now });
        continue;
      }
      await savePolicy(deps, entry.site, entry.lang, { markdown });
      await deps.store.putPolicyImport({ ...entry, hash, checkedAt: now, changedAt: now });
      result.changed += 1;
    } catch {
      result.failed += 1;
    }
  }
  return result;
}

/** The policy at `url` as the Markdown the chat splits (what is hashed, so markup changes around the text do not count). */
async function readPolicy(outbound: OutboundGuard, url: string, origins: readonly string[]): Promise<string> {
  let response;
  try {
    response = await outbound.fetch(url, { allowedOrigins: origins, maxBytes: MAX_BYTES, timeoutMs: TIMEOUT_MS, headers: { accept: 'text/html, text/markdown, text/plain' } });
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    const status = ['invalid_url', 'scheme_not_allowed', 'origin_not_allowed', 'target_not_public'].includes(error.code) ? 400 : error.code === 'response_too_large' ? 422 : 502;
    throw new ApiError(status, `policy_${error.code}`, `The policy could not be read from ${url}: ${error.message}`);
  }
  if (response.redirect) {
    throw new ApiError(422, 'policy_redirect', `${url} answered with a redirect (${response.status}${response.headers.location ? ` to ${response.headers.location}` : ''}), which is not followed: give the address the policy is at.`);
  }
  if (!response.ok) throw new ApiError(502, 'policy_fetch_failed', `${url} answered ${response.status}, not the policy.`);
  const type = String(response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const format = FORMATS[type];
  if (!format) throw new ApiError(422, 'policy_not_text', `${url} sent ${type || 'no content type'}; a policy is read as text/html, text/markdown or text/plain.`);
  // text/plain may hold Markdown or plain text: the ingest tells them apart.
  const markdown = format === 'detect' ? toMarkdown(response.text()) : toMarkdown(response.text(), format);
  if (markdown.length > MAX_POLICY_CHARS) throw new ApiError(422, 'policy_too_long', `The policy at ${url} is ${markdown.length} characters as text, more than ${MAX_POLICY_CHARS}.`);
  return markdown;
}

const FORMATS: Record<string, 'html' | 'markdown' | 'detect'> = { 'text/html': 'html', 'application/xhtml+xml': 'html', 'text/markdown': 'markdown', 'text/plain': 'detect' };

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
