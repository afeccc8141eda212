import type { Lang, ShownText, SiteSettings, WordingDefaults } from '../../protocol/index.ts';
import { defaultIntro, fillCompany } from './cookie-notice.ts';

/** Our own default wording. `{company}` becomes the site's name. */
const DEFAULTS = {
  // Opt-in: names who, what and how to withdraw, because consent must be specific and informed (GDPR Art. 4(11), 7(3)).
  marketingEmail: {
    nb: 'Ja, jeg vil gjerne få e-post fra {company} om produkter, tjenester og arrangementer. Jeg kan trekke samtykket tilbake når som helst.',
    en: 'Yes, I would like emails from {company} about products, services and events. I can withdraw my consent at any time.',
  },
  // Opt-out for existing customers (soft opt-in, ekomloven § 15-4): they must be offered a simple way to say no.
  marketingEmailOptOut: {
    nb: 'Nei takk, jeg vil ikke ha e-post fra {company} om produkter, tjenester og arrangementer.',
    en: 'No thanks, I do not want emails from {company} about products, services and events.',
  },
  linkText: { nb: 'Les personvernerklæringen', en: 'Read our privacy policy' },
} as const;

/**
 * The text version kept as proof: the words and the link exactly as shown, in one string.
 * Its SHA-256 is what a consent event points at, so a changed word or policy URL is a new version.
 */
export function storedTextVersion(text: string, linkText: string, policyUrl: string): string {
  return `${text} [${linkText}](${policyUrl})`;
}

export interface TextToServe {
  key: 'marketingEmail' | 'marketingEmailOptOut';
  text: string;
  linkText: string;
  stored: string;
}


/** The marketing texts for one site and language, before hashing. */
export function marketingTexts(site: SiteSettings, lang: Lang): TextToServe[] {
  const linkText = DEFAULTS.linkText[lang];
  return (['marketingEmail', 'marketingEmailOptOut'] as const).map((key) => {
    const text = fillCompany(site.texts[key]?.[lang] ?? DEFAULTS[key][lang], site);
    return { key, text, linkText, stored: storedTextVersion(text, linkText, site.policy.url) };
  });
}

type Words = Record<Lang, string>;

/** Our wording of each text a site may word itself, as it reads for this site now; the console shows it beside the site's own. */
export function wordingDefaults(site: SiteSettings): WordingDefaults {
  const both = (f: (lang: Lang) => string): Words => ({ nb: f('nb'), en: f('en') });
  return {
    marketingEmail: both((lang) => fillCompany(DEFAULTS.marketingEmail[lang], site)),
    marketingEmailOptOut: both((lang) => fillCompany(DEFAULTS.marketingEmailOptOut[lang], site)),
    intro: both((lang) => defaultIntro(site, lang)),
    linkText: { ...DEFAULTS.linkText },
  };
}

export function toShownText(t: TextToServe, hash: string): ShownText {
  return { hash, text: t.text, linkText: t.linkText };
}
