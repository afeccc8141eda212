import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { silentLogger } from '../log.ts';
import { tempStore, SITE } from '../testing.ts';
import { createPolicyIndex } from '../services/answers/index.ts';

const markdown = `# Personvern

Innledning.

## Hvor lenge lagrer vi opplysningene?

Vi sletter dem etter 30 dager.

### Detaljer

<script>alert(1)</script> og <img src=x onerror=alert(2)>

Les [vilkårene](javascript:fetch('/console/api/me')), [dette](JaVaScRiPt:alert(1)), [det](jav&#97;script:alert(1)), [data](data:text/html,x) og [kontakt oss](mailto:personvern@shop.example.no).

## Hvor lenge lagrer vi opplysningene?

Samme overskrift igjen.
`;

async function app() {
  const { store } = await tempStore();
  await store.putPolicy({ site: SITE, lang: 'nb', markdown, url: 'https://shop.example.no/personvern', version: '2024-02-11' });
  return createApp({ store, clock: () => new Date('2026-01-01T00:00:00Z'), log: silentLogger, config: { trustProxy: false, publicUrl: 'http://localhost' } });
}

describe('policy pages', () => {
  it('publishes a site policy with the anchors the chat links to', async () => {
    const res = await (await app()).request(`/policy/${SITE}/nb`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const index = createPolicyIndex({ markdown, lang: 'nb', url: 'https://shop.example.no/personvern' });
    const answer = index.ask('hvor lenge lagrer dere')[0]!;
    expect(html).toContain(`id="${answer.url.split('#')[1]}"`);
    // Repeated headings get distinct anchors, as the chat counts them.
    expect(html).toContain('id="hvor-lenge-lagrer-vi-opplysningene-1"');
  });

  it('shows raw HTML in a policy as text, never as markup', async () => {
    const html = await (await (await app()).request(`/policy/${SITE}/nb`)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('publishes no script link, however it is spelt, and keeps mailto', async () => {
    const html = await (await (await app()).request(`/policy/${SITE}/nb`)).text();
    const hrefs = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['mailto:personvern@shop.example.no', '/']);
    expect(html).toContain('Les vilkårene, dette, det, data og');
  });

  it('sends the policy page with a CSP that allows no script and no framing', async () => {
    const res = await (await app()).request(`/policy/${SITE}/nb`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('answers 404 with the JSON error shape for a site or language without a policy', async () => {
    for (const path of [`/policy/${SITE}/en`, '/policy/pk_nope_nope_nope/nb', `/policy/${SITE}/de`]) {
      const res = await (await app()).request(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    }
  });
});
