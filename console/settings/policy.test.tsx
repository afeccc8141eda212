import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicySummary } from '../../protocol/index.ts';
import { setLang } from '../i18n/index.ts';
import { ChatPolicy } from './policy.tsx';
import * as model from './policy-model.ts';

const summary = (lang: 'nb' | 'en', url: string): PolicySummary => ({ lang, markdown: '# P\n\n## A\n\nTekst.', url, version: '2024-02-11', updatedAt: '2024-02-11T10:00:00Z', title: 'P', sections: 1 });

afterEach(() => {
  cleanup();
  model.policies.value = undefined;
});

describe('the chat policy panel', () => {
  it('links the published policy only through an http(s) or relative address', () => {
    setLang('nb');
    // The server refuses such a URL on save; a row from elsewhere must still not become a script link.
    model.policies.value = { policies: [summary('nb', 'javascript:alert(1)'), summary('en', 'https://shop.example.no/privacy')], currentVersion: '2024-02-11', published: { nb: '', en: '' } };
    const { container } = render(<ChatPolicy site="pk_test_site01" />);
    const hrefs = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://shop.example.no/privacy']);
  });
});

describe('importing the policy from an address', () => {
  it('has a labelled address field and Importer button per language, and tells the owner when the daily re-read found a change', () => {
    setLang('nb');
    const imported = { ...summary('nb', 'https://shop.example.no/personvern'), imported: { url: 'https://shop.example.no/personvern', checkedAt: '2024-03-03T04:00:00Z', changedAt: '2024-03-03T04:00:00Z' } };
    model.policies.value = { policies: [imported, summary('en', 'https://shop.example.no/privacy')], currentVersion: '2024-02-11', published: { nb: '', en: '' } };
    const { getAllByRole, getByLabelText, getByText } = render(<ChatPolicy site="pk_test_site01" />);
    expect(getAllByRole('button', { name: 'Importer' })).toHaveLength(2);
    expect(getByLabelText('Hent fra adressen (på nettstedets eget domene)', { selector: '#policy-import-nb-url' })).toBeTruthy();
    expect(getByText(/Teksten på nettstedet ble endret \(oppdaget 2024-03-03\)/).getAttribute('role')).toBe('status');
    expect(getByText('Hentet fra https://shop.example.no/personvern, sist lest 2024-03-03.')).toBeTruthy();
  });

  it('says so in English, and shows no change notice for a text not changed since the import', () => {
    setLang('en');
    const imported = { ...summary('en', 'https://shop.example.no/privacy'), imported: { url: 'https://shop.example.no/privacy', checkedAt: '2024-03-03T04:00:00Z', changedAt: null } };
    model.policies.value = { policies: [imported], currentVersion: '2024-02-11', published: { nb: '', en: '' } };
    const { getAllByRole, queryByText, getByText } = render(<ChatPolicy site="pk_test_site01" />);
    expect(getAllByRole('button', { name: 'Import' })).toHaveLength(2);
    expect(queryByText(/The text on the site changed/)).toBeNull();
    expect(getByText('Fetched from https://shop.example.no/privacy, last read 2024-03-03.')).toBeTruthy();
    setLang('nb');
  });
});
