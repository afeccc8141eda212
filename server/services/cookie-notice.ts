import type { CategoryView, CookieConfig, StoredCookieNotice, DeclaredService, Lang, NoticeTexts, OptionalCategory, SiteSettings } from '../../protocol/index.ts';
import { canonicalJson } from '../util/canonical-json.ts';

type Words = Record<Lang, string>;
type DeclaredServiceValue = ReturnType<typeof DeclaredService.parse>;

/** Our own wording of the notice. `{company}` becomes the site's name. */
const TEXTS: Record<keyof NoticeTexts, Words> = {
  title: { nb: 'Informasjonskapsler og sporing', en: 'Cookies and tracking' },
  intro: { nb: '', en: '' },
  accept: { nb: 'Godta alle', en: 'Accept all' },
  reject: { nb: 'Avvis alle', en: 'Reject all' },
  choose: { nb: 'Velg selv', en: 'Choose' },
  policyLink: { nb: 'Les personvernerklæringen', en: 'Read our privacy policy' },
  gpc: {
    nb: 'Nettleseren din sender signalet Global Privacy Control (GPC). Vi tar det som et nei til sporing, så alt unntatt det nødvendige er slått av uten at vi spør. Du kan likevel velge selv.',
    en: 'Your browser sends the Global Privacy Control (GPC) signal. We take it as a no to tracking, so everything but the necessary is off without us asking. You can still choose for yourself.',
  },
  ok: { nb: 'Greit', en: 'OK' },
  changed: { nb: 'Dette er nytt:', en: 'What changed:' },
  prefsTitle: { nb: 'Personverninnstillinger', en: 'Privacy settings' },
  prefsIntro: {
    nb: 'Velg hva {company} får bruke. Alt unntatt det nødvendige er av til du slår det på, og du kan endre valget når som helst her.',
    en: 'Choose what {company} may use. Everything but the necessary stays off until you switch it on, and you can change your choice here at any time.',
  },
  save: { nb: 'Lagre valgene', en: 'Save choices' },
  close: { nb: 'Lukk', en: 'Close' },
  alwaysOn: { nb: 'Alltid på', en: 'Always on' },
  purpose: { nb: 'Formål', en: 'Purpose' },
  recipients: { nb: 'Hvem får dataene', en: 'Who receives the data' },
  retention: { nb: 'Hvor lenge de lagres', en: 'How long it is kept' },
  services: { nb: 'Tjenester og informasjonskapsler', en: 'Services and cookies' },
  cookie: { nb: 'Informasjonskapsel', en: 'Cookie' },
  duration: { nb: 'Varighet', en: 'Duration' },
  launcher: { nb: 'Personvern', en: 'Privacy' },
  embed: {
    nb: 'Dette innholdet kommer fra {host} og hører til kategorien {category}. Det lastes først når du ber om det, fordi {host} kan sette informasjonskapsler.',
    en: 'This content comes from {host} and belongs to the category {category}. It loads only when you ask, because {host} may set cookies.',
  },
  embedLoad: { nb: 'Last inn innholdet', en: 'Load the content' },
};

const CATEGORIES: Record<OptionalCategory | 'necessary', { title: Words; purpose: Words; what: Words }> = {
  necessary: {
    title: { nb: 'Nødvendige', en: 'Necessary' },
    purpose: {
      nb: 'Får nettstedet til å virke: husker valget ditt om informasjonskapsler og sender skjemaene du fyller ut. Dette krever ikke samtykke og kan ikke slås av.',
      en: 'Makes the site work: remembers your cookie choice and sends the forms you fill in. This needs no consent and cannot be switched off.',
    },
    what: { nb: '', en: '' },
  },
  statistics: {
    title: { nb: 'Statistikk', en: 'Statistics' },
    purpose: {
      nb: 'Teller hvilke sider som besøkes og hvordan nettstedet brukes, slik at vi kan gjøre det bedre.',
      en: 'Counts which pages are visited and how the site is used, so that we can improve it.',
    },
    what: { nb: 'statistikk over hvilke sider som besøkes', en: 'statistics on which pages are visited' },
  },
  marketing: {
    title: { nb: 'Markedsføring', en: 'Marketing' },
    purpose: {
      nb: 'Måler om annonsene våre virker og gjør det mulig å vise deg annonser for våre tjenester, også på andre nettsteder.',
      en: 'Measures whether our ads work and lets us show you ads for our services, also on other sites.',
    },
    what: { nb: 'markedsføring og måling av annonser', en: 'marketing and ad measurement' },
  },
  followup: {
    title: { nb: 'Personlig oppfølging', en: 'Personal follow-up' },
    purpose: {
      nb: 'Når du har sendt inn et skjema, kobler vi sidene du besøker, det du gjør på sidene og IP-adressen din til henvendelsen, slik at en rådgiver kan følge deg opp personlig.',
      en: 'After you send a form, we link the pages you visit, what you do on them and your IP address to your enquiry, so that an adviser can follow you up personally.',
    },
    what: { nb: 'personlig oppfølging etter at du har sendt et skjema', en: 'personal follow-up after you send a form' },
  },
};

const NECESSARY_RECIPIENTS: Words = { nb: '{company} og leverandørene som drifter nettstedet for oss.', en: '{company} and the suppliers who run the site for us.' };
const NECESSARY_RETENTION: Words = { nb: 'Valget ditt lagres i nettleseren i høyst {months} måneder.', en: 'Your choice is kept in your browser for at most {months} months.' };

/** `{company}` becomes the site's name: a function replacement, so a `$` in the name is taken literally. */
export const fillCompany = (template: string, site: SiteSettings) => template.replaceAll('{company}', () => site.name);

const fill = (template: string, site: SiteSettings) => fillCompany(template, site).replaceAll('{months}', String(site.cookies.lifetimeMonths));

function list(items: string[], lang: Lang): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'nb' ? 'og' : 'and'} ${items.at(-1)}`;
}

function serviceView(s: DeclaredServiceValue, lang: Lang) {
  return {
    name: s.name,
    provider: s.provider,
    purpose: s.purpose[lang],
    ...(s.privacyUrl ? { privacyUrl: s.privacyUrl } : {}),
    cookies: s.cookies.map((c) => ({ name: c.name, duration: c.duration[lang], firstParty: c.firstParty })),
  };
}

/** The categories this site declared, necessary first, in the visitor's language. */
function categoryViews(site: SiteSettings, lang: Lang): CategoryView[] {
  const c = site.cookies;
  const necessary: CategoryView = {
    id: 'necessary',
    title: CATEGORIES.necessary.title[lang],
    purpose: CATEGORIES.necessary.purpose[lang],
    recipients: fill(NECESSARY_RECIPIENTS[lang], site),
    retention: fill(NECESSARY_RETENTION[lang], site),
    services: c.necessary.services.map((s) => serviceView(s, lang)),
  };
  const optional = (['statistics', 'marketing', 'followup'] as const).flatMap((id): CategoryView[] => {
    const declared = c[id];
    if (!declared) return [];
    return [
      {
        id,
        title: CATEGORIES[id].title[lang],
        purpose: declared.purpose?.[lang] ?? CATEGORIES[id].purpose[lang],
        recipients: declared.recipients[lang],
        retention: declared.retention[lang],
        services: declared.services.map((s) => serviceView(s, lang)),
      },
    ];
  });
  return [necessary, ...optional];
}

/** The first layer's main text: the site's own wording in this language, else ours. */
function intro(site: SiteSettings, lang: Lang): string {
  const own = site.cookies.intro?.[lang];
  return own ? fill(own, site) : defaultIntro(site, lang);
}

/** Our wording of the first layer's main text: what is tracked, why, and by whom, from what the site declared. */
export function defaultIntro(site: SiteSettings, lang: Lang): string {
  const uses = (['statistics', 'marketing', 'followup'] as const).flatMap((id) => {
    const declared = site.cookies[id];
    return declared ? [`${CATEGORIES[id].what[lang]} (${[...new Set(declared.services.map((s) => s.provider))].join(', ')})`] : [];
  });
  return lang === 'nb'
    ? `${site.name} vil gjerne bruke informasjonskapsler og lignende teknologi til ${list(uses, lang)}. Det skjer bare hvis du sier ja, og du kan ombestemme deg når som helst under «Personvern». Nødvendige informasjonskapsler får nettstedet til å virke og brukes alltid.`
    : `${site.name} would like to use cookies and similar technology for ${list(uses, lang)}. This happens only if you say yes, and you can change your mind at any time under "Privacy". Necessary cookies make the site work and are always used.`;
}

/**
 * The notice as served to the widget, and the text version to store. Every word the visitor can
 * see in either layer is in the stored version, so the hash a cookie choice cites points at
 * exactly what was shown (GDPR Art. 7(1); invariant 3).
 */
export function cookieNotice(site: SiteSettings, lang: Lang): { config: Omit<CookieConfig, 'hash'>; stored: string } {
  const texts = Object.fromEntries(Object.entries(TEXTS).map(([key, words]) => [key, fill(words[lang], site)])) as NoticeTexts;
  texts.intro = intro(site, lang);
  const categories = categoryViews(site, lang);
  const config = { lifetimeMonths: site.cookies.lifetimeMonths, launcher: site.cookies.launcher, texts, categories };
  const changeSummary = site.policy.changeSummary?.[lang];
  const stored = canonicalJson({ texts, categories, policyUrl: site.policy.url, policyVersion: site.policy.version, ...(changeSummary === undefined ? {} : { changeSummary }) } satisfies StoredCookieNotice);
  return { config, stored };
}
