import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FirstLayerConfig, firstLayerOf, SiteConfig } from '../../protocol/index.ts';
import { createApp } from '../app.ts';
import { ORIGIN, SITE, testAppsClosedAfterEach } from '../testing.ts';
import { sha256Hex } from '../util/crypto.ts';

const openApp = testAppsClosedAfterEach();
const LOADER = '/* the loader */';

/** The test app with per-site scripts: the same store, a fixed loader text. */
async function setup() {
  const t = await openApp();
  const log = { info() {}, warn() {}, error() {} };
  const app = createApp({ store: t.store, clock: () => t.now, log, config: { trustProxy: false, publicUrl: 'http://localhost:8787' }, loaderScript: async () => LOADER });
  return { ...t, app };
}

/** Runs the script's first line against a stand-in for document.currentScript and returns what it put there. */
function inlineOf(script: string): { site: string; origins: string[]; config: unknown } {
  const first = script.slice(0, script.indexOf('\n'));
  const currentScript: { samtykke?: unknown } = {};
  new Function('document', first)({ currentScript });
  return currentScript.samtykke as { site: string; origins: string[]; config: unknown };
}

describe('GET /s/:key.js', () => {
  it('is the loader with the site settings in front of it, on the script element, in Bokmål by default or the language asked for', async () => {
    const { app } = await setup();
    const res = await app.request(`/s/${SITE}.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const script = await res.text();
    expect(script.endsWith(`\n${LOADER}`)).toBe(true);
    const inline = inlineOf(script);
    expect(inline.site).toBe(SITE);
    expect(inline.origins).toEqual([ORIGIN]);
    expect(FirstLayerConfig.parse(inline.config).lang).toBe('nb');
    const en = inlineOf(await (await app.request(`/s/${SITE}.js?lang=en`)).text());
    expect(FirstLayerConfig.parse(en.config).lang).toBe('en');
    expect((await app.request(`/s/${SITE}.js?lang=sv`)).status).toBe(400);
  });

  it('carries the first layer of the settings route’s answer, every text of it stored before it is served', async () => {
    const { app, dbPath } = await setup();
    const inline = inlineOf(await (await app.request(`/s/${SITE}.js`)).text());
    const fetched = SiteConfig.parse(await (await app.request(`/v1/sites/${SITE}/config?lang=nb`)).json());
    expect(inline.config).toEqual(firstLayerOf(fetched));
    const config = FirstLayerConfig.parse(inline.config);
    // What every page downloads: the first layer's words and the categories' ids, nothing of the dialog.
    expect(Object.keys(config.cookies!.texts).sort()).toEqual(['accept', 'changed', 'choose', 'intro', 'launcher', 'policyLink', 'reject', 'title']);
    expect(config.cookies!.categories).toEqual(fetched.cookies!.categories.map(({ id }) => ({ id })));
    expect(JSON.stringify(inline.config)).not.toContain(fetched.cookies!.texts.prefsIntro);
    expect(config.texts).toEqual(fetched.texts);
    // The proof cites the full notice these words are part of.
    expect(config.cookies!.hash).toBe(fetched.cookies!.hash);
    const db = new Database(dbPath, { readonly: true });
    try {
      for (const hash of [config.texts.marketingEmail.hash, config.texts.marketingEmailOptOut.hash, config.cookies!.hash]) {
        const row = db.prepare('SELECT text FROM notice_texts WHERE hash = ?').get(hash) as { text: string } | undefined;
        expect(row, hash).toBeDefined();
        expect(sha256Hex(row!.text)).toBe(hash);
      }
    } finally {
      db.close();
    }
  });

  it('is cached for five minutes with an ETag, answers 304 to it, and can be loaded with crossorigin', async () => {
    const { app } = await setup();
    const first = await app.request(`/s/${SITE}.js`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const again = await app.request(`/s/${SITE}.js`, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('cannot be closed early by a site text holding </script>', async () => {
    const { app, store } = await setup();
    const site = (await store.getSite(SITE))!.settings;
    await store.updateSite(SITE, () => ({ ...site, name: 'Evil</script><script>alert(1)</script>' }));
    const script = await (await app.request(`/s/${SITE}.js`)).text();
    expect(script).not.toMatch(/<\/script/i);
    expect(JSON.stringify(inlineOf(script).config)).toContain('Evil</script>');
  });

  it('answers an unknown key with a script that names the mistake in the console, never cached', async () => {
    const { app } = await setup();
    const res = await app.request('/s/pk_nobody_here.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const logged: string[] = [];
    const document = { querySelectorAll: () => [], addEventListener() {} };
    new Function('console', 'document', await res.text())({ error: (m: string) => logged.push(m) }, document);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^\[samtykke\] No site has the key pk_nobody_here/);
  });
});
