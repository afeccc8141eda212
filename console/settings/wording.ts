/**
 * @module The site's own wording of the texts we also word ourselves: the marketing box in its two
 * kinds and the cookie notice's intro. Per language, ours or the site's; a language left at ours is
 * left out of the document, so the site keeps getting our wording there (and any later fix to it).
 */
import { signal, type Signal } from '@preact/signals';
import type { Lang, SiteSettings } from '../../protocol/index.ts';

export const WORDINGS = ['marketingEmail', 'marketingEmailOptOut', 'intro'] as const;
export type WordingKey = (typeof WORDINGS)[number];
const LANGS = ['nb', 'en'] as const satisfies readonly Lang[];

/** Where each text sits in the site document; the element ids of its fields follow (`s-texts-marketingEmail-nb`). */
export const WORDING_PATHS: Record<WordingKey, string> = {
  marketingEmail: 'texts.marketingEmail',
  marketingEmailOptOut: 'texts.marketingEmailOptOut',
  intro: 'cookies.intro',
};

export interface OwnText {
  /** The site's own wording is used; off, ours is, and what was typed stays here until the page is left. */
  own: Signal<boolean>;
  text: Signal<string>;
}
export type Wording = Record<Lang, OwnText>;
export type WordingDraft = Record<WordingKey, Wording>;
type OwnWording = { nb?: string; en?: string };

const ownText = (from: string | undefined): OwnText => ({ own: signal(from !== undefined), text: signal(from ?? '') });
const wordingOf = (from: OwnWording | undefined): Wording => ({ nb: ownText(from?.nb), en: ownText(from?.en) });

export function wordingDraftOf(settings: SiteSettings): WordingDraft {
  return {
    marketingEmail: wordingOf(settings.texts.marketingEmail),
    marketingEmailOptOut: wordingOf(settings.texts.marketingEmailOptOut),
    intro: wordingOf(settings.cookies.intro),
  };
}

/**
 * The languages where the site's own wording is chosen, trimmed; undefined when ours is used in
 * both. An own wording left empty is sent empty, so the server names the field to fill in.
 */
export function ownWording(w: Wording): OwnWording | undefined {
  const out: OwnWording = {};
  for (const lang of LANGS) if (w[lang].own.value) out[lang] = w[lang].text.value.trim();
  return Object.keys(out).length ? out : undefined;
}
