import { describe, expect, it } from 'vitest';
import { SiteSettings, type SiteSettingsInput } from '../../../protocol/index.ts';
import { DEMO_COOKIES } from '../../demo-cookies.ts';
import { answerFromCookieDeclaration, COOKIE_DECLARATION_ID } from './cookie-answer.ts';

const site = (cookies: SiteSettingsInput['cookies'] = DEMO_COOKIES) =>
  SiteSettings.parse({ key: 'pk_test_shop', name: 'Testbutikken', origins: ['https://shop.example.no'], policy: { url: 'https://shop.example.no/personvern', version: '2024-02-11' }, cookies });

const analytics = {
  name: 'Google Analytics 4',
  provider: 'Google Ireland Ltd',
  purpose: { nb: 'Måler hvordan sidene brukes.', en: 'Measures how the pages are used.' },
  cookies: [{ name: '_ga', duration: { nb: '2 år', en: '2 years' } }, { name: '_ga_*', duration: { nb: '2 år', en: '2 years' } }],
};

describe('answerFromCookieDeclaration', () => {
  it('answers a Bokmål cookie question with every declared category, service, purpose and cookie lifetime, and how to change the choice', () => {
    const answer = answerFromCookieDeclaration(site(), 'nb', 'bruker dere informasjonskapsler?')!;
    expect(answer).toMatchObject({ sectionId: COOKIE_DECLARATION_ID, title: 'Informasjonskapsler og sporing', url: 'https://shop.example.no/personvern' });
    for (const part of ['Nødvendige', 'Statistikk', 'Markedsføring', 'Nettfokus Innsikt', 'Annonsenett AS', 'Teller sidevisninger', 'nf_stats – 13 måneder', 'nf_ads – 90 dager']) {
      expect(answer.excerpt).toContain(part);
    }
    expect(answer.excerpt).toContain('Du kan endre valget ditt når som helst med «Personvern»-knappen nede til venstre');
  });

  it('answers in English, in English', () => {
    const answer = answerFromCookieDeclaration(site(), 'en', 'which cookies do you set?')!;
    expect(answer.title).toBe('Cookies and tracking');
    expect(answer.excerpt).toContain('Counts page views');
    expect(answer.excerpt).toContain('nf_ads – 90 days');
    expect(answer.excerpt).toContain('“Statistics” and “Marketing” stay off until you say yes');
    expect(answer.excerpt).not.toMatch(/Teller|måneder/);
  });

  it.each([
    ['nb', 'bruker dere sporingskapsler?'],
    ['nb', 'sporer dere meg?'],
    ['en', 'do you track me?'],
    ['en', 'what about tracking pixels'],
    ['en', 'do you use local storage?'],
  ] as const)('takes "%s" (%s) as a cookie question', (lang, question) => {
    expect(answerFromCookieDeclaration(site(), lang, question)?.sectionId).toBe(COOKIE_DECLARATION_ID);
  });

  it.each([
    ['nb', 'hvor lenge lagrer dere data?'],
    ['nb', 'kan jeg trekke tilbake samtykke?'],
    ['en', 'can I track my order?'],
    ['en', 'who do you share data with?'],
  ] as const)('leaves "%s" (%s) to the policy', (lang, question) => {
    expect(answerFromCookieDeclaration(site(), lang, question)).toBeUndefined();
  });

  it('says so when a well-known tracker the visitor names is not declared, and what is', () => {
    const answer = answerFromCookieDeclaration(site(), 'en', 'do you use Google Analytics?')!;
    expect(answer.excerpt).toMatch(/^Google Analytics is not among the services Testbutikken has declared\./);
    expect(answer.excerpt).toContain('Nettfokus Innsikt');
    expect(answerFromCookieDeclaration(site(), 'nb', 'bruker dere Facebook-piksel?')!.excerpt).toMatch(/^Meta Pixel er ikke blant tjenestene Testbutikken har oppgitt\./);
    expect(answerFromCookieDeclaration(site(), 'en', 'is there a Meta pixel on this site?')!.excerpt).toMatch(/^Meta Pixel is not among/);
  });

  it('answers about the declared service a visitor names, by its name, its cookie or the tracker it is', () => {
    const declared = site({ ...DEMO_COOKIES, statistics: { ...DEMO_COOKIES.statistics!, services: [analytics] } });
    for (const [lang, question] of [['nb', 'bruker dere Google Analytics?'], ['en', 'what is the _ga_ABC123 cookie?'], ['en', 'GA4?']] as const) {
      const answer = answerFromCookieDeclaration(declared, lang, question)!;
      expect(answer.title).toBe('Google Analytics 4');
      expect(answer.excerpt).toContain(lang === 'nb' ? 'Google Analytics 4 hører til «Statistikk».' : 'Google Analytics 4 is in the “Statistics” category.');
      expect(answer.excerpt).toContain(lang === 'nb' ? '_ga – 2 år' : '_ga – 2 years');
      expect(answer.excerpt).not.toContain('Annonsenett (');
    }
    expect(answerFromCookieDeclaration(site(), 'nb', 'bruker dere Annonsenett?')?.title).toBe('Annonsenett');
  });

  it('does not take a necessary service named by a plain word as the question', () => {
    // The demo's necessary service and its cookie are both called "Samtykke" (consent).
    expect(answerFromCookieDeclaration(site(), 'nb', 'hvordan gir jeg samtykke?')).toBeUndefined();
  });

  it('leaves the question to the policy when the site declares nothing', () => {
    expect(answerFromCookieDeclaration(site({}), 'nb', 'bruker dere informasjonskapsler?')).toBeUndefined();
  });

  it('says there is nothing to choose when only necessary cookies are declared', () => {
    const answer = answerFromCookieDeclaration(site({ necessary: DEMO_COOKIES.necessary }), 'nb', 'bruker dere cookies?')!;
    expect(answer.excerpt).toContain('i én kategori');
    expect(answer.excerpt).toContain('krever ikke samtykke');
    expect(answer.excerpt).not.toContain('Personvern»-knappen');
  });

  it('points to where the settings are when the site hides the button', () => {
    const answer = answerFromCookieDeclaration(site({ ...DEMO_COOKIES, launcher: 'hidden' }), 'en', 'cookies?')!;
    expect(answer.excerpt).toContain('through the privacy settings the site links to');
  });

  it('names the services without details when the declaration is long', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...analytics, name: `Tjeneste ${i}`, cookies: [{ name: `c${i}_x`, duration: { nb: '1 år', en: '1 year' } }] }));
    const answer = answerFromCookieDeclaration(site({ ...DEMO_COOKIES, statistics: { ...DEMO_COOKIES.statistics!, services: many } }), 'nb', 'informasjonskapsler')!;
    expect(answer.excerpt.length).toBeLessThan(1000);
    expect(answer.excerpt).toContain('Tjeneste 0, Tjeneste 1');
    expect(answer.excerpt).toContain('endre valget');
  });
});
