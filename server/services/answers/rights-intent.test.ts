import { describe, expect, it } from 'vitest';
import type { Lang, RightsKind } from '../../../protocol/index.ts';
import { readRightsIntent } from './rights-intent.ts';

const asks: [Lang, string, RightsKind][] = [
  ['nb', 'kan jeg se hvilke opplysninger dere har om meg?', 'access'],
  ['nb', 'kan jeg se dataene mine', 'access'],
  ['nb', 'hva vet dere om meg', 'access'],
  ['nb', 'Hvilke personopplysninger har dere lagret om meg?', 'access'],
  ['nb', 'jeg vil ha innsyn', 'access'],
  ['nb', 'kan jeg fa en kopi av opplysningene mine', 'access'],
  ['nb', 'kan jeg se opplysnigene mine', 'access'],
  ['en', 'can I see my data', 'access'],
  ['en', 'what do you know about me?', 'access'],
  ['en', 'What personal data do you hold on me?', 'access'],
  ['en', 'I want a copy of my personal data', 'access'],
  ['nb', 'slett meg', 'erasure'],
  ['nb', 'kan dere slette alle opplysningene om meg?', 'erasure'],
  ['nb', 'kan jeg få slettet dataene mine', 'erasure'],
  ['nb', 'jeg vil slette kontoen min', 'erasure'],
  ['nb', 'retten til å bli glemt', 'erasure'],
  ['en', 'delete my data', 'erasure'],
  ['en', 'please erase everything you have about me', 'erasure'],
  ['nb', 'jeg vil ikke ha mer reklame', 'withdraw-consent'],
  ['nb', 'meld meg av nyhetsbrevet', 'withdraw-consent'],
  ['nb', 'hvordan trekker jeg tilbake samtykket mitt?', 'withdraw-consent'],
  ['nb', 'slutt å sende meg e-post', 'withdraw-consent'],
  ['en', 'unsubscribe me', 'withdraw-consent'],
  ['en', 'I want to withdraw my consent', 'withdraw-consent'],
  ['en', 'no more marketing emails please', 'withdraw-consent'],
  ['nb', 'adressen min er feil', 'rectification'],
  ['nb', 'jeg vil endre e-postadressen min', 'rectification'],
  ['nb', 'kan dere rette navnet mitt?', 'rectification'],
  ['en', 'correct my address', 'rectification'],
  ['en', 'can I update my email?', 'rectification'],
  ['en', 'send me my data as a file', 'portability'],
  ['nb', 'kan jeg laste ned dataene mine?', 'portability'],
  ['nb', 'jeg vil overføre opplysningene mine til en annen butikk', 'portability'],
  ['en', 'can I export my data', 'portability'],
  ['nb', 'jeg vil begrense behandlingen av opplysningene mine', 'restriction'],
  ['en', 'can I restrict the processing of my data?', 'restriction'],
  ['nb', 'jeg protesterer mot at dere bruker dataene mine', 'objection'],
  ['en', 'I object to you using my data for profiling', 'objection'],
];

const others: [Lang, string][] = [
  ['nb', 'hvor lenge lagrer dere data'],
  ['nb', 'hvor lenge lagrer dere opplysningene mine?'],
  ['nb', 'når sletter dere dataene mine?'],
  ['nb', 'hvem deler dere opplysningene med?'],
  ['nb', 'hvem har dere delte dataene mine med?'],
  ['nb', 'overfører dere data til USA?'],
  ['nb', 'bruker dere informasjonskapsler?'],
  ['nb', 'hvilke rettigheter har jeg?'],
  ['nb', 'har jeg rett til å klage?'],
  ['nb', 'hvordan sikrer dere dataene?'],
  ['nb', 'slett samtalen min'],
  ['nb', 'hvorfor samler dere inn personopplysninger'],
  ['nb', 'hva er rettslig grunnlag?'],
  ['nb', 'hei'],
  ['en', 'do you use cookies'],
  ['en', 'how long do you keep my data?'],
  ['en', 'who do you share data with?'],
  ['en', 'do you transfer data to the US?'],
  ['en', 'how do you protect my data?'],
  ['en', 'what is your legal basis?'],
  ['en', 'delete my cookies'],
  ['en', 'who is the data controller?'],
];

describe('readRightsIntent', () => {
  it.each(asks)('%s: “%s” asks for %s', (lang, question, kind) => {
    expect(readRightsIntent(question, lang)).toBe(kind);
  });

  it.each(others)('%s: “%s” asks for no right', (lang, question) => {
    expect(readRightsIntent(question, lang)).toBeUndefined();
  });

  it('reads either language in a chat of the other', () => {
    expect(readRightsIntent('can I see my data', 'nb')).toBe('access');
    expect(readRightsIntent('slett meg', 'en')).toBe('erasure');
  });

  it('reads words without æøå and with a small typo', () => {
    expect(readRightsIntent('kan jeg fa slettet dataene mine', 'nb')).toBe('erasure');
    expect(readRightsIntent('jeg vil ikke ha mer reklamme', 'nb')).toBe('withdraw-consent');
    expect(readRightsIntent('unsubscibe me', 'en')).toBe('withdraw-consent');
    expect(readRightsIntent('kan jeg se personopplysnigene mine', 'nb')).toBe('access');
  });
});
