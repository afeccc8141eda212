import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Decision } from '../../protocol/index.ts';
import { en } from '../i18n/en.ts';
import { nb } from '../i18n/nb.ts';
import { setLang } from '../i18n/index.ts';
import { Stored, storedInWords } from './stored-value.tsx';

describe('stored values in words', () => {
  it('says the stored values in Bokmål and English from one table', () => {
    expect(storedInWords('basis', 'consent', nb)).toEqual({ words: 'samtykke', known: true });
    expect(storedInWords('source', 'browser', en)).toEqual({ words: "sent from the person's browser", known: true });
    expect(storedInWords('purpose', 'marketing-email', nb).words).toBe('markedsføring på e-post');
    expect(storedInWords('decision', 'withdrawn', en).words).toBe('withdrawn');
  });

  it('has words for every decision the protocol can store, the server\'s own (double opt-in) included', () => {
    for (const decision of Decision.options) for (const strings of [nb, en]) expect(storedInWords('decision', decision, strings).known, decision).toBe(true);
  });

  it('has words for every key in both languages', () => {
    for (const group of Object.keys(nb.stored).filter((k) => k !== 'unknown') as (keyof typeof nb.stored)[]) {
      expect(Object.keys(en.stored[group] as object).sort()).toEqual(Object.keys(nb.stored[group] as object).sort());
    }
  });

  it('shows a value it has no words for as stored, and marks it', () => {
    expect(storedInWords('source', 'import', nb)).toEqual({ words: 'import', known: false });
    // Not fooled by what every object has.
    expect(storedInWords('purpose', 'toString', nb).known).toBe(false);
    setLang('en');
    const host = document.createElement('div');
    render(<Stored group="source" value="import" />, host);
    expect(host.querySelector('code')?.textContent).toBe('import');
    expect(host.textContent).toBe('import (stored value without a translation)');
  });
});
