/** @module How the chat reads the site's policy per language, and the owner's choice per intent. */
import { signal, type Signal } from '@preact/signals';
import type { Lang, PolicyMapView } from '../../protocol/index.ts';
import { api, ConsoleApiError } from '../api/client.ts';
import { lang as uiLang } from '../i18n/index.ts';

export interface ChoiceDraft {
  /** '' is the chat's own choice. */
  section: Signal<string>;
  answer: Signal<string>;
  outcome: Signal<{ ok: true } | { ok: false; message: string } | undefined>;
}

/** The map shown for each language, with the site it is of: another site's is never shown. */
export const maps: Record<Lang, Signal<{ site: string; view: PolicyMapView } | undefined>> = { nb: signal(undefined), en: signal(undefined) };
export const loading: Record<Lang, Signal<boolean>> = { nb: signal(false), en: signal(false) };
const drafts = new Map<string, ChoiceDraft>();

export function draftFor(lang: Lang, intent: string): ChoiceDraft {
  const key = `${lang}:${intent}`;
  let d = drafts.get(key);
  if (!d) {
    d = { section: signal(''), answer: signal(''), outcome: signal<ChoiceDraft['outcome']['value']>(undefined) };
    drafts.set(key, d);
  }
  return d;
}

const path = (site: string, lang: Lang) => `/sites/${encodeURIComponent(site)}/policies/${lang}/map`;

function show(site: string, lang: Lang, view: PolicyMapView): void {
  maps[lang].value = { site, view };
  for (const e of view.entries) {
    const d = draftFor(lang, e.intent);
    d.section.value = e.source === 'chosen' ? (e.sectionId ?? '') : '';
    d.answer.value = e.source === 'own' ? e.reply : '';
  }
}

export async function loadMap(site: string, lang: Lang): Promise<void> {
  loading[lang].value = true;
  try {
    show(site, lang, await api<PolicyMapView>(`${path(site, lang)}?ui=${uiLang.value}`));
  } finally {
    loading[lang].value = false;
  }
}

/** Another part, or the owner's own answer (an answer wins when both are given). */
export async function saveChoice(site: string, lang: Lang, intent: string, nothing: string): Promise<void> {
  const d = draftFor(lang, intent);
  const answer = d.answer.value.trim();
  const body = answer ? { answer } : d.section.value ? { sectionId: d.section.value } : undefined;
  if (!body) {
    d.outcome.value = { ok: false, message: nothing };
    return;
  }
  await send(site, lang, intent, 'PUT', body);
}

export const resetChoice = (site: string, lang: Lang, intent: string) => send(site, lang, intent, 'DELETE');

async function send(site: string, lang: Lang, intent: string, method: string, body?: unknown): Promise<void> {
  const d = draftFor(lang, intent);
  d.outcome.value = undefined;
  try {
    show(site, lang, await api<PolicyMapView>(`${path(site, lang)}/${intent}?ui=${uiLang.value}`, { method, ...(body ? { body } : {}) }));
    d.outcome.value = { ok: true };
  } catch (error) {
    const issues = error instanceof ConsoleApiError ? error.body.issues?.map((i) => i.message).join('; ') : undefined;
    d.outcome.value = { ok: false, message: issues ? `${(error as Error).message} (${issues})` : (error as Error).message };
  }
}
