import { describe, expect, it } from 'vitest';
import examples from '../../docs/sites.example.json';
import { SiteSettings } from '../../protocol/index.ts';
import { addCookie, addService, draftOf, removeService, rowPaths, setUsed, toDocument } from './draft.ts';

const [example] = examples as unknown[];
const site = () =>
  SiteSettings.parse({
    ...(example as object),
    texts: { marketingEmail: { nb: 'Ja takk til nyheter fra {company}.', en: 'Yes to news from {company}.' } },
    cookies: { ...(example as { cookies: object }).cookies, intro: { nb: 'Vår egen innledning.', en: 'Our own intro.' } },
  });

describe('the site draft', () => {
  it('gives back the document it was made from when nothing is edited, parts it does not show included', () => {
    const settings = site();
    expect(SiteSettings.parse(toDocument(settings, draftOf(settings)))).toEqual(settings);
  });

  it('puts a new service with a cookie into its category, trimmed, with an empty privacy link left out', () => {
    const settings = site();
    const d = draftOf(settings);
    const statistics = d.categories.statistics;
    addService(statistics.services);
    const added = statistics.services.value[1]!;
    added.name.value = '  Besøkskart ';
    added.provider.value = 'Kart AS';
    added.purpose.nb.value = 'Viser klikk.';
    added.purpose.en.value = 'Shows clicks.';
    addCookie(added);
    const cookie = added.cookies.value[0]!;
    cookie.name.value = 'nf_kart';
    cookie.duration.nb.value = '30 dager';
    cookie.duration.en.value = '30 days';
    cookie.firstParty.value = false;
    const doc = SiteSettings.parse(toDocument(settings, d));
    expect(doc.cookies.statistics!.services[1]).toEqual({
      name: 'Besøkskart',
      provider: 'Kart AS',
      purpose: { nb: 'Viser klikk.', en: 'Shows clicks.' },
      cookies: [{ name: 'nf_kart', duration: { nb: '30 dager', en: '30 days' }, firstParty: false }],
    });
  });

  it('leaves a switched-off category out, and gives a switched-on empty one a service to fill in', () => {
    const settings = site();
    const d = draftOf(settings);
    setUsed(d.categories.statistics, false);
    setUsed(d.categories.marketing, true);
    const doc = toDocument(settings, d);
    expect(doc.cookies).not.toHaveProperty('statistics');
    expect(d.categories.marketing.services.value).toHaveLength(1);
    // Empty, so the server names each field: the owner sees what to fill in rather than a silent drop.
    expect(SiteSettings.safeParse(doc).error?.issues.map((i) => i.path.join('.'))).toContain('cookies.marketing.services.0.name');
    // Switched back on, the rows typed before are still there.
    setUsed(d.categories.statistics, true);
    expect(d.categories.statistics.services.value.map((s) => s.name.value)).toEqual(['Nettfokus Innsikt']);
  });

  it('sends a category purpose only when one of its languages is filled in, so a half-filled one is named by the server', () => {
    const settings = site();
    const d = draftOf(settings);
    expect(toDocument(settings, d).cookies!.statistics).not.toHaveProperty('purpose');
    d.categories.statistics.purpose.nb.value = 'Vi teller besøk.';
    const issues = SiteSettings.safeParse(toDocument(settings, d)).error?.issues.map((i) => i.path.join('.'));
    expect(issues).toEqual(['cookies.statistics.purpose.en']);
  });

  it('drops the contact email when it is emptied, and keeps the chat settings it does not edit', () => {
    const settings = site();
    const d = draftOf(settings);
    d.dpoEmail.value = ' ';
    d.referencePrefix.value = 'NFK';
    expect(SiteSettings.parse(toDocument(settings, d)).chat).toEqual({ referencePrefix: 'NFK' });
  });

  it('knows which row each index path of the sent document was, even after a row is removed', () => {
    const settings = site();
    const d = draftOf(settings);
    addService(d.categories.statistics.services);
    const [first, second] = d.categories.statistics.services.value;
    addCookie(second!);
    const paths = rowPaths(d);
    expect(paths.get('cookies.statistics.services.0')).toBe(first!.id);
    expect(paths.get('cookies.statistics.services.1')).toBe(second!.id);
    expect(paths.get('cookies.statistics.services.1.cookies.0')).toBe(second!.cookies.value[0]!.id);
    // Unused categories have no rows in the document.
    expect([...paths.keys()].some((p) => p.startsWith('cookies.marketing'))).toBe(false);
    removeService(d.categories.statistics.services, first!.id, 'add');
    expect(paths.get('cookies.statistics.services.1')).toBe(second!.id);
  });

  it('sends the site\'s own wording only in the languages where it is chosen, trimmed, and leaves the text out when ours is used in both', () => {
    const settings = site();
    const d = draftOf(settings);
    expect(d.wording.marketingEmail.nb.own.value).toBe(true);
    expect(d.wording.marketingEmailOptOut.nb.own.value).toBe(false);
    d.wording.marketingEmail.en.own.value = false;
    d.wording.marketingEmailOptOut.nb.own.value = true;
    d.wording.marketingEmailOptOut.nb.text.value = ' Nei takk til e-post fra {company}. ';
    d.wording.intro.nb.own.value = false;
    d.wording.intro.en.own.value = false;
    const doc = SiteSettings.parse(toDocument(settings, d));
    expect(doc.texts).toEqual({ marketingEmail: { nb: 'Ja takk til nyheter fra {company}.' }, marketingEmailOptOut: { nb: 'Nei takk til e-post fra {company}.' } });
    expect(doc.cookies).not.toHaveProperty('intro');
    // What was typed stays in the draft while ours is chosen, for a change of mind before saving.
    expect(d.wording.marketingEmail.en.text.value).toBe('Yes to news from {company}.');
  });
});
