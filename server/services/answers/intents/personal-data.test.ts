import { describe, expect, it } from 'vitest';
import { aboutMe, namesPersonalData } from './personal-data.ts';

describe('namesPersonalData', () => {
  it.each(['opplysningene', 'kundedata', 'betalingsopplysningane', 'epostadressen', 'telefonnummeret', 'personuppgifter', 'personvernerklaeringen', 'email', 'address', 'cookies'])('finds "%s"', (word) => {
    expect(namesPersonalData(word)).toBe(true);
  });

  it.each(['datamaskinen', 'kontoret', 'garantien', 'recipes', 'warranty', 'date', 'update'])('does not find "%s"', (word) => {
    expect(namesPersonalData(word, { typos: true })).toBe(false);
  });

  it('reads one letter wrong, added, left out or swapped as a typo only when asked to', () => {
    for (const word of ['opplysnignene', 'opplysningne', 'informaton', 'emial', 'adresssen']) {
      expect(namesPersonalData(word), word).toBe(false);
      expect(namesPersonalData(word, { typos: true }), word).toBe(true);
    }
  });

  it('looks for the typo in the word of the list, not in the first part of a compound', () => {
    // "salesforce" is one letter from "salesforcv", which ends in "cv".
    expect(namesPersonalData('salesforce', { typos: true })).toBe(false);
  });

  it('takes no word longer than any real one, so a pasted blob costs no spelling search', () => {
    expect(namesPersonalData(`${'x'.repeat(60)}data`)).toBe(false);
    expect(namesPersonalData(`${'x'.repeat(30)}opplysnignene`, { typos: true })).toBe(false);
  });
});

describe('aboutMe', () => {
  const verbs = new Set(['fjern', 'delete']);
  it.each([
    [['hva', 'vet', 'dere', 'om', 'meg'], true],
    [['fjern', 'meg', 'fra', 'listen'], true],
    [['please', 'delete', 'me'], true],
    [['write', 'me', 'a', 'poem'], false],
    [['meg', 'selv'], false],
  ] as const)('%j → %s', (words, expected) => {
    expect(aboutMe([...words], (w) => verbs.has(w))).toBe(expected);
  });
});
