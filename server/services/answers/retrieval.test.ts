import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../../protocol/index.ts';
import { createPolicyIndex } from './index.ts';

const demo = (file: string) => fs.readFileSync(path.join(import.meta.dirname, '../../../demo/policy', file), 'utf8');

const nb = createPolicyIndex({ markdown: demo('personvern.nb.md'), lang: 'nb', url: 'https://nettfokus.example/personvern' });
const en = createPolicyIndex({ markdown: demo('privacy.en.md'), lang: 'en', url: 'https://nettfokus.example/privacy' });

// Questions as visitors type them: no æøå, typos, half sentences. Each must put this section first.
const NB: [question: string, sectionId: string][] = [
  ['hvor lenge lagrer dere info om meg', 'hvor-lenge-lagrer-vi-opplysningene'],
  ['hvor lenge beholder dere epostadressen min', 'hvor-lenge-lagrer-vi-opplysningene'],
  ['hvor lenge blir ting lagret etter sletting?', 'hvor-lenge-lagrer-vi-opplysningene'],
  ['lagringstid', 'hvor-lenge-lagrer-vi-opplysningene'],
  ['slett meg', 'dine-rettigheter'],
  ['jeg vil at dere fjerner alt om meg', 'dine-rettigheter'],
  ['kan jeg få kopi av det dere har', 'dine-rettigheter'],
  ['innsyn', 'dine-rettigheter'],
  ['hvordan trekker jeg tilbake samtykket', 'dine-rettigheter'],
  ['meld meg av nyhetsbrevet', 'dine-rettigheter'],
  ['rette feil i opplysningene mine', 'dine-rettigheter'],
  ['far jeg dataene mine i maskinlesbart format', 'dine-rettigheter'],
  ['protestere mot direkte markedsforing', 'dine-rettigheter'],
  ['hvilke rettigheter har jeg', 'dine-rettigheter'],
  ['hvem deler dere data med', 'deler-vi-opplysningene-dine-med-andre'],
  ['selger dere opplysningene mine', 'deler-vi-opplysningene-dine-med-andre'],
  ['gir dere info til tredjepart', 'deler-vi-opplysningene-dine-med-andre'],
  ['sender dere opplysninger til usa?', 'overføring-til-usa'],
  ['blir dataene mine overfort til utlandet', 'overføring-til-usa'],
  ['overfoering amerika', 'overføring-til-usa'],
  ['hva samler dere inn om meg', 'hvilke-personopplysninger-samler-vi-inn'],
  ['samler dere inn helseopplysninger?', 'hvilke-personopplysninger-samler-vi-inn'],
  ['registrerer dere ip adressen min', 'hvilke-personopplysninger-samler-vi-inn'],
  ['hvorfor trenger dere personopplysningene mine', 'hvorfor-bruker-vi-personopplysninger'],
  ['hva bruker dere opplysningene til', 'hvorfor-bruker-vi-personopplysninger'],
  ['nar samler dere inn personopplysninger', 'når-samler-vi-inn-personopplysninger'],
  ['hvordan klager jeg til datatilsynet', 'tilsynsmyndighet'],
  ['klage', 'tilsynsmyndighet'],
  ['hvordan kan jeg kontakte dere', 'kontakt-oss'],
  ['er dataene mine trygge', 'datasikkerhet'],
  ['krypterer dere data', 'datasikkerhet'],
  ['hvem er dere', 'hvem-er-vi'],
  ['hvem er behandlingsansvarlig', 'hvem-er-vi'],
  ['hvilket rettslig grunnlag har dere', 'hvilket-rettslig-grunnlag-har-vi'],
  ['berettiget interese', 'hvilket-rettslig-grunnlag-har-vi'],
  ['hvor lagres dataene, hvilke servere', 'databehandlere-og-lagring'],
  ['har dere endret personvernerklaeringen', 'endringer-i-personvernerklæringen'],
  ['hva bruker dere dataene mine til?', 'hvorfor-bruker-vi-personopplysninger'],
  ['hvor lenge beholder dere dataene?', 'hvor-lenge-lagrer-vi-opplysningene'],
  ['kan jeg reservere meg mot reklame?', 'dine-rettigheter'],
  ['hvordan melder jeg meg av nyhetsbrevet?', 'dine-rettigheter'],
  ['lagrer dere data i USA?', 'overføring-til-usa'],
  ['hvordan beskytter dere dataene mine?', 'datasikkerhet'],
];

const EN: [question: string, sectionId: string][] = [
  ['do you send my data to america', 'transfer-to-the-usa'],
  ['is my data transfered outside the eu', 'transfer-to-the-usa'],
  ['who do you share data with', 'do-we-share-your-data-with-others'],
  ['do you sell my data', 'do-we-share-your-data-with-others'],
  ['how do i unsubscribe', 'your-rights'],
  ['withdraw consent', 'your-rights'],
  ['delete my data', 'your-rights'],
  ['can i get a copy of my data', 'your-rights'],
  ['my info is wrong, how do i fix it', 'your-rights'],
  ['data portability', 'your-rights'],
  ['how long do you keep my info', 'how-long-do-we-keep-the-data'],
  ['whats the retention period', 'how-long-do-we-keep-the-data'],
  ['how long is data kept after deletion', 'how-long-do-we-keep-the-data'],
  ['what data do you collect about me', 'what-personal-data-do-we-collect'],
  ['why do you need my personal data', 'why-do-we-use-personal-data'],
  ['when do you collect data', 'when-do-we-collect-personal-data'],
  ['how do i complain', 'supervisory-authority'],
  ['datatilsynet', 'supervisory-authority'],
  ['how can i contact you', 'contact-us'],
  ['is my data safe', 'data-security'],
  ['do you encrypt', 'data-security'],
  ['who are you', 'who-are-we'],
  ['what is your legal basis for processing', 'what-is-our-legal-basis'],
  ['where are your servers', 'data-processors-and-storage'],
  ['have you changed the privacy policy', 'changes-to-this-privacy-policy'],
  ['what do you use my data for', 'why-do-we-use-personal-data'],
  ['do you store my data in the US?', 'transfer-to-the-usa'],
  ['how do I get my data deleted?', 'your-rights'],
  ['can I opt out of newsletters?', 'your-rights'],
  ['how do you protect my data?', 'data-security'],
];

describe.each<[Lang, typeof nb, [string, string][]]>([
  ['nb', nb, NB],
  ['en', en, EN],
])('the %s demo policy', (_lang, index, table) => {
  it.each(table)('answers "%s" with section %s first', (question, sectionId) => {
    const answers = index.ask(question);
    expect(answers.map((a) => a.sectionId).slice(0, 3)[0], JSON.stringify(answers.map((a) => [a.sectionId, a.score]))).toBe(sectionId);
  });
});

describe('the demo policies', () => {
  it('have the same number of sections in both languages', () => {
    expect(en.sections.length).toBe(nb.sections.length);
    expect(en.sections.map((s) => s.subheadings.length)).toEqual(nb.sections.map((s) => s.subheadings.length));
  });

  it('holds at least 40 questions in the retrieval table', () => {
    expect(NB.length + EN.length).toBeGreaterThanOrEqual(40);
  });

  it('answers with a short plain-text excerpt and a link to the section', () => {
    const [top] = nb.ask('hvor lenge lagrer dere info om meg');
    expect(top!.url).toBe('https://nettfokus.example/personvern#hvor-lenge-lagrer-vi-opplysningene');
    expect(top!.excerpt.length).toBeLessThanOrEqual(320);
    expect(top!.excerpt).toMatch(/lagrer personopplysninger så lenge/);
    expect(top!.excerpt).not.toMatch(/[#*[\]]/);
  });

  it('returns nothing for a question the policy does not touch', () => {
    expect(en.ask('qwzx plorf')).toEqual([]);
  });
});

describe('a question the policy does not cover', () => {
  // Each of these used to get a section that shares only a word like "use" or "CRM" with it.
  it.each<[Lang, string]>([
    ['en', 'do you use cookies?'],
    ['en', 'which cookies do you set?'],
    ['en', 'do you use Google Analytics?'],
    ['en', 'do you use the Facebook pixel?'],
    ['en', 'how much does the CRM cost?'],
    ['en', 'do you have a mobile app?'],
    ['en', 'do you store data about children?'],
    ['nb', 'bruker dere informasjonskapsler?'],
    ['nb', 'bruker dere Google Analytics?'],
    ['nb', 'hvor mye koster CRM?'],
    ['nb', 'kan jeg kjøpe lisens?'],
    ['nb', 'lagrer dere opplysninger om barn?'],
  ])('gets no answer in %s: "%s"', (lang, question) => {
    expect((lang === 'nb' ? nb : en).ask(question)).toEqual([]);
  });
});

describe('a policy of one section', () => {
  const bicycles = createPolicyIndex({ markdown: '# Privacy at Nettfokus\n\n## Bicycles\n\nWe keep the frame numbers of bicycles you register for ten years.\n', lang: 'en', url: 'https://x.example/privacy' });
  const sykler = createPolicyIndex({ markdown: '# Personvern hos Sykkel AS\n\n## Sykler\n\nVi lagrer rammenummeret i ti år.\n', lang: 'nb', url: 'https://x.example/personvern' });

  // Every word of a one-section policy is in "most" sections; that must not make it unsearchable.
  it.each([
    { index: bicycles, question: 'how long do you keep frame numbers?', sectionId: 'bicycles' },
    { index: bicycles, question: "do you store my bike's frame number", sectionId: 'bicycles' },
    { index: bicycles, question: 'bicycle frame numbers', sectionId: 'bicycles' },
    { index: sykler, question: 'hvor lenge lagrer dere rammenummeret?', sectionId: 'sykler' },
  ])('answers "$question"', ({ index, question, sectionId }) => {
    expect(index.ask(question)[0]?.sectionId).toBe(sectionId);
  });

  it('still answers nothing it does not cover', () => {
    expect(bicycles.ask('do you use cookies?')).toEqual([]);
    expect(sykler.ask('bruker dere informasjonskapsler?')).toEqual([]);
  });
});
