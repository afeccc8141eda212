import { describe, expect, it } from 'vitest';
import { ChatText } from './chat.ts';
import { ConsentEvent } from './consent.ts';
import { SiteSettings } from './site.ts';

const event = (collection: Record<string, string>) => ({
  id: '0190a0a0-0000-7000-8000-000000000001',
  kind: 'form-consent',
  subject: { email: 'kari@example.no' },
  purposes: [{ purpose: 'marketing-email', decision: 'granted' }],
  basis: 'consent',
  notice: { textHash: 'a'.repeat(64), lang: 'nb', policyUrl: 'https://shop.example.no/personvern', policyVersion: '2024-02-11' },
  collection: { formId: 'kontakt', pageUrl: 'https://shop.example.no/kontakt', clientTime: '2024-03-01T10:00:00.000Z', widgetVersion: '0.1.0', ...collection },
});

describe('free text on the wire', () => {
  it.each(['a\u0000b', 'a\u0001b', '\u001b[31m', 'a\u007fb', 'a\ud800b', 'a\udfff'])('refuses %j', (text) => {
    expect(ChatText.safeParse(text).error?.issues[0]?.message).toMatch(/control characters .* unpaired surrogates/);
  });

  it.each(['a\tb', 'linje 1\nlinje 2', 'linje 1\r\nlinje 2', 'smil \ud83d\ude00', 'æøå \u202e\u200b'])('keeps %j', (text) => {
    expect(ChatText.parse(text)).toBe(text);
  });

  it('names the field of a consent event and of site settings, URLs included', () => {
    const issues = ConsentEvent.safeParse(event({ formId: 'kon\u0000takt', pageUrl: 'https://shop.example.no/a\ud800' })).error!.issues.map((i) => i.path.join('.'));
    expect(issues).toEqual(['collection.formId', 'collection.pageUrl']);
    const site = SiteSettings.safeParse({ key: 'pk_demo_nettfokus', name: 'Nett\u0000fokus', origins: ['https://x.example'], policy: { url: 'https://x.example', version: '2024-02-11' } });
    expect(site.error!.issues.map((i) => i.path.join('.'))).toEqual(['name']);
  });
});
