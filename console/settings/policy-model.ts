/** @module The site's privacy policy per language, which the chat answers from (owner). */
import { batch, computed, signal, type Signal } from '@preact/signals';
import type { Lang, PolicySummary, SitePolicies } from '../../protocol/index.ts';
import { api, ConsoleApiError } from '../api/client.ts';
import { maps } from './policy-map-model.ts';

export const LANGS: Lang[] = ['nb', 'en'];

export interface PolicyDraft {
  markdown: Signal<string>;
  url: Signal<string>;
  /** Set after a save: done, or the refusal's code and message. */
  outcome: Signal<{ ok: true } | { ok: false; code: string; message: string } | undefined>;
  busy: Signal<boolean>;
}

const draft = (): PolicyDraft => ({ markdown: signal(''), url: signal(''), outcome: signal<PolicyDraft['outcome']['value']>(undefined), busy: signal(false) });

/** The address to import a language's policy from, and how the last import went. */
export const imports: Record<Lang, PolicyDraft> = { nb: draft(), en: draft() };

export const policies = signal<SitePolicies | undefined>(undefined);
export const drafts: Record<Lang, PolicyDraft> = { nb: draft(), en: draft() };

const path = (site: string) => `/sites/${encodeURIComponent(site)}/policies`;

type Text = { markdown: string; url: string };
/** What each editor held when loaded or last saved. */
const loaded = signal<Record<Lang, Text>>({ nb: { markdown: '', url: '' }, en: { markdown: '', url: '' } });

/** The stored text of each language goes into its editor, so a change starts from what the chat uses. */
export async function loadPolicies(site: string): Promise<void> {
  const found = await api<SitePolicies>(path(site));
  batch(() => {
    policies.value = found;
    for (const lang of LANGS) {
      const stored = found.policies.find((p) => p.lang === lang);
      drafts[lang].outcome.value = undefined;
      fill(lang, { markdown: stored?.markdown ?? '', url: stored && stored.url !== found.published[lang] ? stored.url : '' });
      imports[lang].url.value = stored?.imported?.url ?? '';
      imports[lang].outcome.value = undefined;
    }
  });
}

function fill(lang: Lang, text: Text): void {
  drafts[lang].markdown.value = text.markdown;
  drafts[lang].url.value = text.url;
  loaded.value = { ...loaded.value, [lang]: text };
}

/** The editors back to what was loaded or last saved. */
export function revertPolicies(): void {
  batch(() => LANGS.forEach((lang) => fill(lang, loaded.value[lang])));
}

/** This language's editor differs from what was loaded or last saved. */
export const changedIn = (lang: Lang) => drafts[lang].markdown.value !== loaded.value[lang].markdown || drafts[lang].url.value.trim() !== loaded.value[lang].url;
export const changed = computed(() => LANGS.some(changedIn));

/** Has the server read the policy from an address on the site's origins; the editor then holds that text. */
export async function importPolicy(site: string, lang: Lang): Promise<void> {
  const d = imports[lang];
  d.busy.value = true;
  d.outcome.value = undefined;
  try {
    const saved = await api<PolicySummary>(`${path(site)}/${lang}/import`, { method: 'POST', body: { url: d.url.value.trim() } });
    const current = policies.value;
    batch(() => {
      if (current) policies.value = { ...current, policies: [...current.policies.filter((p) => p.lang !== lang), saved] };
      fill(lang, { markdown: saved.markdown, url: loaded.value[lang].url });
      maps[lang].value = undefined;
      d.outcome.value = { ok: true };
    });
  } catch (error) {
    d.outcome.value = failure(error);
  } finally {
    d.busy.value = false;
  }
}

function failure(error: unknown): { ok: false; code: string; message: string } {
  const body = error instanceof ConsoleApiError ? error.body : undefined;
  const details = body?.issues?.map((i) => `${i.path}: ${i.message}`).join('; ');
  return { ok: false, code: body?.error ?? 'failed', message: details ? `${(error as Error).message} (${details})` : (error as Error).message };
}

export async function savePolicy(site: string, lang: Lang): Promise<void> {
  const d = drafts[lang];
  d.busy.value = true;
  d.outcome.value = undefined;
  try {
    const sent = { markdown: d.markdown.value, url: d.url.value.trim() };
    const saved = await api<PolicySummary>(`${path(site)}/${lang}`, { method: 'PUT', body: { markdown: sent.markdown, url: sent.url || null } });
    // What was sent is now the stored text; anything typed while the save was on its way still counts as a change.
    loaded.value = { ...loaded.value, [lang]: sent };
    const current = policies.value;
    if (current) policies.value = { ...current, policies: [...current.policies.filter((p) => p.lang !== lang), saved] };
    // A new text has a new map: shown again when asked for.
    maps[lang].value = undefined;
    d.outcome.value = { ok: true };
  } catch (error) {
    d.outcome.value = failure(error);
  } finally {
    d.busy.value = false;
  }
}

/** A chosen file's text into the editor; nothing is saved until the owner says so. */
export async function readFile(lang: Lang, file: File | undefined): Promise<void> {
  if (!file) return;
  drafts[lang].markdown.value = await file.text();
  drafts[lang].outcome.value = undefined;
}
