import type { CategoryView, Lang, ServiceView } from '../../../protocol/index.ts';
import { fold } from './text.ts';

/** What a question about cookies and trackers asks about, found in its words. */
export interface CookieQuestion {
  /** Declared services the visitor named, by service or cookie name (optional categories only). */
  services: { category: CategoryView; index: number }[];
  /** A well-known tracker the visitor named, when the site declares no service by that name. */
  undeclared?: string;
}

// Cookie and tracker words in a folded question (æøå folded to a/o/a). Compounds count:
// "informasjonskapsler", "sporingskapsel", "tredjepartscookies". "track" alone does not ("track my order").
const CUES =
  /\b(\w*cookie\w*|\w*kaps(el|ler|lene|elen)|sporing\w*|tracker\w*|tracking|(pixel|piksel)\w*|analytics|gtag|local ?storage|tag manager|web ?beacon\w*|track(s|ed)? (me|us|my visits?)|spor(e|er) (dere )?(meg|oss))\b/;

/** Trackers visitors ask about by name; when one is declared, its own entry answers. */
const KNOWN_TRACKERS: [name: string, pattern: RegExp][] = [
  ['Google Analytics', /\b(google analytics|ga4)\b/],
  ['Google Tag Manager', /\b(google tag manager|gtm)\b/],
  ['Google Ads', /\b(google ads|adwords|doubleclick)\b/],
  ['Meta Pixel', /\b(facebook|meta) ?(pixel|piksel)\b/],
  ['LinkedIn Insight Tag', /\blinkedin insight\b/],
  ['TikTok Pixel', /\btiktok\b/],
  ['Hotjar', /\bhotjar\b/],
  ['Microsoft Clarity', /\bmicrosoft clarity\b/],
  ['Matomo', /\bmatomo\b/],
  ['HubSpot', /\bhubspot\b/],
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const phrase = (text: string, lang: Lang) => fold(text, lang).replace(/[^a-z0-9_]+/g, ' ').trim();

/**
 * Whether the question is about cookies or trackers, and about which of the declared ones;
 * `undefined` when it is about something else. `categories` is what the site's cookie notice
 * shows, in the visitor's language.
 *
 * A declared service or cookie name makes it a cookie question on its own ("what is nf_stats?",
 * "bruker dere Annonsenett?"), except in the necessary category: its names are often plain words
 * ("Samtykke" is Bokmål for consent, "kan jeg trekke samtykke?" is not about that service), and
 * the answer about all categories lists them anyway.
 */
export function readCookieQuestion(question: string, lang: Lang, categories: CategoryView[]): CookieQuestion | undefined {
  const q = ` ${phrase(question, lang)} `;
  const named = (name: string) => {
    const p = phrase(name.replace(/\*$/, ''), lang);
    return p.length >= 3 && new RegExp(`(?<![a-z0-9_])${escape(p)}${name.endsWith('*') ? '' : '(?![a-z0-9_])'}`).test(q);
  };
  const tracker = KNOWN_TRACKERS.find(([, pattern]) => pattern.test(q))?.[0];
  const isTracker = (s: ServiceView) => tracker !== undefined && phrase(s.name, lang).includes(phrase(tracker, lang));
  const asked = (s: ServiceView) => named(s.name) || s.cookies.some((c) => named(c.name)) || isTracker(s);
  const optional = categories.filter((c) => c.id !== 'necessary');
  const services = optional.flatMap((category) => category.services.flatMap((s, index) => (asked(s) ? [{ category, index }] : [])));
  if (!CUES.test(q) && !tracker && !services.length) return undefined;
  const declared = optional.some((c) => c.services.some(isTracker));
  return { services, ...(tracker && !declared ? { undeclared: tracker } : {}) };
}
