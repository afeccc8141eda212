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
