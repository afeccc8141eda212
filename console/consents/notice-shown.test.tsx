import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { setLang } from '../i18n/index.ts';
import { categoryState, CookieNoticeShown, readStoredNotice, withLinks } from './notice-shown.tsx';

const stored = JSON.stringify({
  texts: { title: 'Informasjonskapsler og sporing', intro: 'Nettfokus vil gjerne bruke statistikk.', accept: 'Godta alle', reject: 'Avvis alle', choose: 'Velg selv', policyLink: 'Les personvernerklæringen', gpc: '', ok: 'Greit', changed: 'Dette er nytt:', prefsTitle: 'Personverninnstillinger', prefsIntro: 'Velg selv.', save: 'Lagre valgene', close: 'Lukk', alwaysOn: 'Alltid på', purpose: 'Formål', recipients: 'Hvem', retention: 'Hvor lenge', services: 'Tjenester og informasjonskapsler', cookie: 'Informasjonskapsel', duration: 'Varighet', launcher: 'Personvern', embed: '', embedLoad: 'Last inn' },
  categories: [
    { id: 'necessary', title: 'Nødvendige', purpose: 'Får nettstedet til å virke.', recipients: '', retention: '', services: [] },
    { id: 'statistics', title: 'Statistikk', purpose: 'Teller sidevisninger.', recipients: '', retention: '', services: [{ name: 'Innsikt', provider: 'Grane AS', purpose: '', cookies: [] }] },
    { id: 'marketing', title: 'Markedsføring', purpose: 'Måler annonser.', recipients: '', retention: '', services: [] },
  ],
  policyUrl: 'https://www.nettfokus.no/personvern',
  policyVersion: '2026-10-01',
});

describe('the text shown, as the person saw it', () => {
  it('reads a stored cookie notice, and nothing else as one', () => {
    expect(readStoredNotice(stored)?.texts.title).toBe('Informasjonskapsler og sporing');
    expect(readStoredNotice('Ja, jeg vil gjerne få e-post')).toBeUndefined();
    expect(readStoredNotice('{"texts":{}}')).toBeUndefined();
  });

  it('gives each category its state in this choice', () => {
    const choice = [{ purpose: 'statistics', decision: 'granted' }, { purpose: 'marketing', decision: 'declined' }];
    expect(['necessary', 'statistics', 'marketing', 'followup'].map((id) => categoryState(id, choice))).toEqual(['always', 'on', 'off', 'notAsked']);
  });

  it('draws the notice with its buttons and each category with its state, not JSON', () => {
    setLang('nb');
    const host = document.createElement('div');
    render(<CookieNoticeShown notice={readStoredNotice(stored)!} purposes={[{ purpose: 'statistics', decision: 'granted' }, { purpose: 'marketing', decision: 'declined' }]} textLang="nb" />, host);
    const text = host.textContent!;
    for (const words of ['Informasjonskapsler og sporing', 'Godta alle', 'Avvis alle', 'Velg selv', 'Innsikt (Grane AS)']) expect(text).toContain(words);
    expect([...host.querySelectorAll('.notice-category-head')].map((h) => h.textContent!.replace(/\s+/g, ' ').trim())).toEqual(['Nødvendige alltid på', 'Statistikk på', 'Markedsføring av']);
    expect(text).not.toContain('{');
  });

  it('shows a link in the box\'s words as its text, with the address beside it', () => {
    const host = document.createElement('div');
    render(<p>{withLinks('Ja takk. [Les personvernerklæringen](https://www.nettfokus.no/personvern)')}</p>, host);
    expect(host.textContent).toBe('Ja takk. Les personvernerklæringen (https://www.nettfokus.no/personvern)');
  });
});
