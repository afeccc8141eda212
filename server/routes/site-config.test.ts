import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SiteConfig } from '../../protocol/index.ts';
import { sha256Hex } from '../util/crypto.ts';
import { ORIGIN, SITE, siteSettings, testAppsClosedAfterEach } from '../testing.ts';

const openApp = testAppsClosedAfterEach();
function setup() {
  const t = openApp();
  return t;
}
const storedHashes = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT hash, text FROM notice_texts').all() as { hash: string; text: string }[]);
  } finally {
    db.close();
  }
};

describe('GET /v1/sites/:key/config', () => {
  it('serves the Norwegian texts with the company name, and hashes exactly text plus link', async () => {
    const { app } = await setup();
    const res = await app.request(`/v1/sites/${SITE}/config?lang=nb`, { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(200);
    const config = SiteConfig.parse(await res.json());
    expect(config.site).toEqual({ key: SITE, name: 'Testbutikken' });
    expect(config.texts.marketingEmail.text).toBe(
      'Ja, jeg vil gjerne få e-post fra Testbutikken om produkter, tjenester og arrangementer. Jeg kan trekke samtykket tilbake når som helst.',
    );
    expect(config.texts.marketingEmailOptOut.text).toMatch(/^Nei takk, jeg vil ikke ha e-post fra Testbutikken/);
    expect(config.texts.marketingEmail.linkText).toBe('Les personvernerklæringen');
    const t = config.texts.marketingEmail;
    expect(t.hash).toBe(sha256Hex(`${t.text} [${t.linkText}](https://shop.example.no/personvern)`));
    expect(config.forms).toEqual({ kundeportal: { basis: 'existing-customer' } });
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('stores every served text, in both languages, so any hash it hands out is known', async () => {
    const { app, dbPath } = await setup();
    const served: string[] = [];
    for (const lang of ['nb', 'en']) {
      const config = SiteConfig.parse(await (await app.request(`/v1/sites/${SITE}/config?lang=${lang}`)).json());
      served.push(config.texts.marketingEmail.hash, config.texts.marketingEmailOptOut.hash);
      expect(config.lang).toBe(lang);
    }
    const stored = storedHashes(dbPath);
    for (const hash of served) {
      const row = stored.find((r) => r.hash === hash);
      expect(row).toBeDefined();
      expect(sha256Hex(row!.text)).toBe(hash);
    }
    expect(new Set(served).size).toBe(4);
  });

  it('uses the site’s own wording and change summary when it has them', async () => {
    const { app, store } = await setup();
    await store.upsertSite(
      siteSettings({
        texts: { marketingEmail: { nb: 'Send meg nyheter fra {company}.', en: 'Send me news from {company}.' } },
        policy: { url: 'https://shop.example.no/personvern', version: '2024-05-01', changeSummary: { nb: 'Ny leverandør.', en: 'New vendor.' } },
      }),
    );
    const config = SiteConfig.parse(await (await app.request(`/v1/sites/${SITE}/config?lang=en`)).json());
    expect(config.texts.marketingEmail.text).toBe('Send me news from Testbutikken.');
    expect(config.policy).toEqual({ url: 'https://shop.example.no/personvern', version: '2024-05-01', changeSummary: 'New vendor.' });
  });

  it('uses the site’s own wording only in the languages it gave, ours in the other, for the box and the notice’s intro', async () => {
    const { app, store } = await setup();
    const statistics = { recipients: { nb: 'Oss.', en: 'Us.' }, retention: { nb: '1 år', en: '1 year' }, services: [{ name: 'Teller', provider: 'Teller AS', purpose: { nb: 'Teller.', en: 'Counts.' } }] };
    await store.upsertSite(siteSettings({ texts: { marketingEmail: { nb: 'Ja takk, nyheter fra {company}.' } }, cookies: { statistics, intro: { en: '{company} keeps your choice for {months} months.' } } }));
    const [nb, en] = await Promise.all(['nb', 'en'].map(async (lang) => SiteConfig.parse(await (await app.request(`/v1/sites/${SITE}/config?lang=${lang}`)).json())));
    expect(nb!.texts.marketingEmail.text).toBe('Ja takk, nyheter fra Testbutikken.');
    expect(en!.texts.marketingEmail.text).toMatch(/^Yes, I would like emails from Testbutikken/);
    expect(nb!.cookies!.texts.intro).toMatch(/^Testbutikken vil gjerne bruke informasjonskapsler/);
    expect(en!.cookies!.texts.intro).toBe('Testbutikken keeps your choice for 12 months.');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const { app } = await setup();
    const first = await app.request(`/v1/sites/${SITE}/config?lang=nb`);
    const again = await app.request(`/v1/sites/${SITE}/config?lang=nb`, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('refuses an origin the site does not list with 403 origin_not_allowed, readable by that page, naming the fix and no settings', async () => {
    const { app } = await setup();
    const res = await app.request(`/v1/sites/${SITE}/config`, { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error).toBe('origin_not_allowed');
    expect(body.message).toContain('https://evil.example');
    expect(body.message).toContain('Allowed origins');
    expect(body.texts).toBeUndefined();
    // Readable cross-origin, so the widget can say which mistake it is (issue 18).
    expect(res.headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });

  it('answers an unknown key readably cross-origin, so the widget can name it', async () => {
    const { app } = await setup();
    const res = await app.request('/v1/sites/pk_nobody_here/config', { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(404);
    expect((await res.json()).message).toContain('pk_nobody_here');
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('answers 404 unknown_site and 400 for an unknown language', async () => {
    const { app } = await setup();
    const missing = await app.request('/v1/sites/pk_nobody_here/config');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe('unknown_site');
    const badLang = await app.request(`/v1/sites/${SITE}/config?lang=sv`);
    expect(badLang.status).toBe(400);
    expect((await badLang.json()).issues[0].path).toBe('lang');
  });
});

describe('site config compression', () => {
  it('is sent compressed to a browser that accepts it, and still parses', async () => {
    const { app } = await openApp();
    const res = await app.request(`/v1/sites/${SITE}/config?lang=nb`, { headers: { Origin: ORIGIN, 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = Buffer.from(await res.arrayBuffer());
    expect(JSON.parse(gunzipSync(body).toString('utf8'))).toMatchObject({ site: { key: SITE } });
  });
});
