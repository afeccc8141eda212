import type { CategoryView, Lang, LauncherPosition, PolicyAnswer, ServiceView, SiteSettings } from '../../../protocol/index.ts';
import { cookieNotice } from '../cookie-notice.ts';
import { readCookieQuestion } from './cookie-question.ts';

/**
 * The `sectionId` of an answer from the site's cookie declaration rather than its policy text.
 * `slugify` drops `:`, so no heading of a policy can have this id.
 */
export const COOKIE_DECLARATION_ID = 'samtykke:cookies';

/** Past this, the answer names the services without their purposes and cookies. */
const MAX_DETAILED = 1500;

type Words = Record<Lang, string>;

/** Necessary plus the three optional categories: never more than four. */
const COUNT: Record<Lang, string[]> = { nb: ['null', 'én', 'to', 'tre', 'fire'], en: ['no', 'one', 'two', 'three', 'four'] };

const WHERE: Record<LauncherPosition, Words> = {
  'bottom-left': { nb: 'med «{launcher}»-knappen nede til venstre på siden', en: 'with the “{launcher}” button at the bottom left of the page' },
  'bottom-right': { nb: 'med «{launcher}»-knappen nede til høyre på siden', en: 'with the “{launcher}” button at the bottom right of the page' },
  hidden: { nb: 'under personverninnstillingene som nettstedet lenker til', en: 'through the privacy settings the site links to' },
};

const q = (lang: Lang, text: string) => (lang === 'nb' ? `«${text}»` : `“${text}”`);
const and = (items: string[], lang: Lang) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${lang === 'nb' ? 'og' : 'and'} ${items.at(-1)}`);
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function cookiesOf(s: ServiceView, lang: Lang): string {
  if (!s.cookies.length) return '';
  const each = s.cookies.map((c) => (c.duration ? `${c.name} – ${c.duration}` : c.name));
  const label = s.cookies.length === 1 ? (lang === 'nb' ? 'Informasjonskapsel' : 'Cookie') : lang === 'nb' ? 'Informasjonskapsler' : 'Cookies';
  return ` ${label}: ${each.join(', ')}.`;
}

const serviceText = (s: ServiceView, lang: Lang) => `${s.name} (${s.provider}): ${sentence(s.purpose)}${cookiesOf(s, lang)}`;

function categoryText(c: CategoryView, lang: Lang, detailed: boolean): string {
  const head = c.id === 'necessary' ? `${c.title} (${lang === 'nb' ? 'alltid på' : 'always on'})` : c.title;
  if (!detailed) return `${head}: ${and(c.services.map((s) => s.name), lang)}.`;
  return `${head}: ${c.services.map((s) => serviceText(s, lang)).join(' ')}`;
}

/** How the visitor says yes or no, and changes their mind, on this site. */
function choiceText(site: SiteSettings, lang: Lang, optional: CategoryView[], launcher: string): string {
  if (!optional.length) {
    return lang === 'nb'
      ? 'Nettstedet bruker bare det som trengs for at det skal virke, og det krever ikke samtykke, så du blir ikke spurt.'
      : 'The site uses only what it needs to work, which needs no consent, so you are not asked.';
  }
  const titles = and(optional.map((c) => q(lang, c.title)), lang);
  const where = WHERE[site.cookies.launcher][lang].replace('{launcher}', () => launcher);
  return lang === 'nb'
    ? `${titles} er av til du sier ja. Du kan endre valget ditt når som helst ${where}.`
    : `${titles} ${optional.length === 1 ? 'stays' : 'stay'} off until you say yes. You can change your choice at any time ${where}.`;
}

/**
 * An answer from what the site declares for its cookie notice (categories, services, cookies and
 * how long they last), when the question is about cookies or trackers and the site declares any.
 * In our own words, in the visitor's language, with how to change the choice. `undefined` when
 * the question is about something else or the site declares nothing, so the policy answers.
 */
export function answerFromCookieDeclaration(site: SiteSettings, lang: Lang, question: string): PolicyAnswer | undefined {
  const { texts, categories } = cookieNotice(site, lang).config;
  const declared = categories.filter((c) => c.services.length > 0);
  if (!declared.length) return undefined;
  const asked = readCookieQuestion(question, lang, declared);
  if (!asked) return undefined;
  const optional = declared.filter((c) => c.id !== 'necessary');
  const choice = choiceText(site, lang, optional, texts.launcher);
  const answer = (title: string, excerpt: string, direct: string): PolicyAnswer => ({ sectionId: COOKIE_DECLARATION_ID, title, excerpt, url: site.policy.url, score: 1, direct });
  const optionalNamed = (names: string[]) => (lang === 'nb' ? `Ja – ${site.name} bruker ${and(names, lang)}, men bare om du sier ja.` : `Yes — ${site.name} uses ${and(names, lang)}, but only if you say yes.`);

  if (asked.services.length) {
    const about = asked.services.map(({ category, index }) => {
      const s = category.services[index]!;
      return lang === 'nb' ? `${s.name} hører til ${q(lang, category.title)}. ${serviceText(s, lang)}` : `${s.name} is in the ${q(lang, category.title)} category. ${serviceText(s, lang)}`;
    });
    const names = asked.services.map(({ category, index }) => category.services[index]!.name);
    return answer(and(names, lang), `${about.join(' ')} ${choice}`, optionalNamed(names));
  }

  const lead = asked.undeclared
    ? lang === 'nb'
      ? `${asked.undeclared} er ikke blant tjenestene ${site.name} har oppgitt. Dette er oppgitt:`
      : `${asked.undeclared} is not among the services ${site.name} has declared. This is what it declares:`
    : lang === 'nb'
      ? `${site.name} bruker informasjonskapsler og lignende teknologi i ${declared.length === 1 ? 'én kategori' : `${COUNT.nb[declared.length]} kategorier`}.`
      : `${site.name} uses cookies and similar technology in ${declared.length === 1 ? 'one category' : `${COUNT.en[declared.length]} categories`}.`;
  const list = (detailed: boolean) => declared.map((c) => categoryText(c, lang, detailed)).join(' ');
  const detailed = list(true);
  // The answer first: "No — we do not use Google Analytics", then what the site does use.
  const direct = asked.undeclared
    ? lang === 'nb'
      ? `Nei – ${site.name} bruker ikke ${asked.undeclared}, etter det nettstedet selv har oppgitt.`
      : `No — ${site.name} does not use ${asked.undeclared}, according to what the site declares.`
    : lang === 'nb'
      ? `Ja – ${site.name} bruker informasjonskapsler${optional.length ? ', men bare de nødvendige før du sier ja' : ''}.`
      : `Yes — ${site.name} uses cookies${optional.length ? ', but only the necessary ones until you say yes' : ''}.`;
  return answer(texts.title, `${lead} ${detailed.length <= MAX_DETAILED ? detailed : list(false)} ${choice}`, direct);
}
