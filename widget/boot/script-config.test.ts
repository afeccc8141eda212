import { afterEach, describe, expect, it, vi } from 'vitest';
import { WidgetConfig } from '../../protocol/index.ts';
import { readScriptConfig } from './script-config.ts';

function tag(attrs: Record<string, string>, src = 'https://cdn.samtykke.example/samtykke.js'): HTMLScriptElement {
  const el = document.createElement('script');
  el.src = src;
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

// The same cases go to the hand check and to the zod schema, so the two cannot drift apart.
const cases: Array<{ name: string; attrs: Record<string, string>; valid: boolean; attribute?: string }> = [
  { name: 'a minimal tag', attrs: { 'data-site': 'pk_demo_nettfokus' }, valid: true },
  { name: 'every attribute', attrs: { 'data-site': 'pk_ABCdef12-_', 'data-api': 'https://api.example.no/x', 'data-lang': 'en', 'data-policy-url': 'https://example.no/personvern' }, valid: true },
  { name: 'a missing site key', attrs: {}, valid: false, attribute: 'data-site' },
  { name: 'an empty site key', attrs: { 'data-site': '' }, valid: false, attribute: 'data-site' },
  { name: 'a site key without pk_', attrs: { 'data-site': 'demo_nettfokus' }, valid: false, attribute: 'data-site' },
  { name: 'a too short site key', attrs: { 'data-site': 'pk_abc' }, valid: false, attribute: 'data-site' },
  { name: 'a site key with spaces inside', attrs: { 'data-site': 'pk_demo nettfokus' }, valid: false, attribute: 'data-site' },
  { name: 'a javascript: api', attrs: { 'data-site': 'pk_demo_nettfokus', 'data-api': 'javascript:alert(1)' }, valid: false, attribute: 'data-api' },
  { name: 'a non-URL api', attrs: { 'data-site': 'pk_demo_nettfokus', 'data-api': 'not a url' }, valid: false, attribute: 'data-api' },
  { name: 'an unknown language', attrs: { 'data-site': 'pk_demo_nettfokus', 'data-lang': 'de' }, valid: false, attribute: 'data-lang' },
  { name: 'a data: policy url', attrs: { 'data-site': 'pk_demo_nettfokus', 'data-policy-url': 'data:text/html,hi' }, valid: false, attribute: 'data-policy-url' },
];

describe('readScriptConfig', () => {
  for (const c of cases) {
    it(`agrees with the protocol schema on ${c.name}`, () => {
      const result = readScriptConfig(tag(c.attrs));
      expect(result.ok).toBe(c.valid);
      if (result.ok) {
        expect(WidgetConfig.safeParse(result.config).success).toBe(true);
      } else {
        // Named first, as it is written in the tag, with the value it had.
        expect(result.message.slice(0, c.attribute!.length + 2)).toBe(`${c.attribute}="`);
        // What the tag said, put through the schema, is refused too.
        const raw = { site: c.attrs['data-site'], api: c.attrs['data-api'] ?? 'https://cdn.samtykke.example', lang: c.attrs['data-lang'] ?? 'nb', policyUrl: c.attrs['data-policy-url'] };
        expect(WidgetConfig.safeParse(raw).success).toBe(false);
      }
    });
  }

  it('takes the API origin from the script src when data-api is absent', () => {
    const result = readScriptConfig(tag({ 'data-site': 'pk_demo_nettfokus' }, 'https://samtykke.example.no:8443/v2/samtykke.js'));
    expect(result).toMatchObject({ ok: true, config: { api: 'https://samtykke.example.no:8443' } });
  });

  it('falls back to the page language, then Bokmål', () => {
    const el = tag({ 'data-site': 'pk_demo_nettfokus' });
    expect(readScriptConfig(el, 'en-GB')).toMatchObject({ config: { lang: 'en' } });
    expect(readScriptConfig(el, 'nb-NO')).toMatchObject({ config: { lang: 'nb' } });
    expect(readScriptConfig(el, 'de')).toMatchObject({ config: { lang: 'nb' } });
    expect(readScriptConfig(el, '')).toMatchObject({ config: { lang: 'nb' } });
  });

  it('explains a missing tag instead of throwing', () => {
    const result = readScriptConfig(null);
    expect(result.ok).toBe(false);
  });
});

afterEach(() => vi.restoreAllMocks());
