import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SiteConfig, SiteSettings } from '../../protocol/index.ts';
import { DEMO_COOKIES } from '../demo-cookies.ts';
import { cookieEvent, ORIGIN, SITE, siteSettings, testApp, testAppsClosedAfterEach } from '../testing.ts';
import { sha256Hex } from '../util/crypto.ts';

const openApp = testAppsClosedAfterEach();
async function setup() {
  const t = await openApp();
  await t.store.upsertSite(siteSettings({ cookies: DEMO_COOKIES }));
  return t;
}
const config = async (app: Awaited<ReturnType<typeof testApp>>['app'], lang = 'nb') =>
  SiteConfig.parse(await (await app.request(`/v1/sites/${SITE}/config?lang=${lang}`, { headers: { Origin: ORIGIN } })).json());

describe('the cookie notice in the site config', () => {
  it('serves the declared categories and services, and says what is tracked, why and by whom', async () => {
    const { app } = await setup();
    const { cookies } = await config(app);
    expect(cookies!.categories.map((c) => c.id)).toEqual(['necessary', 'statistics', 'marketing']);
    expect(cookies!.texts).toMatchObject({ accept: 'Godta alle', reject: 'Avvis alle', choose: 'Velg selv', launcher: 'Personvern' });
    expect(cookies!.texts.intro).toContain('Testbutikken vil gjerne bruke informasjonskapsler');
    expect(cookies!.texts.intro).toContain('statistikk over hvilke sider som besøkes (Grane Solutions AS)');
    expect(cookies!.texts.intro).toContain('markedsføring og måling av annonser (Annonsenett AS)');
    const marketing = cookies!.categories.find((c) => c.id === 'marketing')!;
    expect(marketing.services[0]).toMatchObject({ name: 'Annonsenett', cookies: [{ name: 'nf_ads', duration: '90 dager', firstParty: true }] });
    expect(cookies!.lifetimeMonths).toBe(12);
    const en = (await config(app, 'en')).cookies!;
    expect(en.texts.accept).toBe('Accept all');
    expect(en.hash).not.toBe(cookies!.hash);
  });

  it('stores the exact text version it served, so a cookie choice points at a stored text', async () => {
    const { app, dbPath, postEvents } = await setup();
    const { cookies } = await config(app);
    const db = new Database(dbPath, { readonly: true });
    try {
      const row = db.prepare('SELECT text FROM notice_texts WHERE hash = ?').get(cookies!.hash) as { text: string };
      expect(sha256Hex(row.text)).toBe(cookies!.hash);
      // Every word of both layers is in it.
      expect(row.text).toContain('Godta alle');
      expect(row.text).toContain('Lagre valgene');
      expect(row.text).toContain('nf_stats');
    } finally {
      db.close();
    }
    const event = cookieEvent(cookies!.hash, '0190a5a0-0000-7000-8000-000000000001');
    const res = await postEvents({ site: SITE, events: [event] });
    expect((await res.json()).acked).toHaveLength(1);
  });

  it('asks nothing of a site that declared no optional category', async () => {
    const t = await openApp();
    const { cookies } = await config(t.app);
    expect(cookies!.categories.map((c) => c.id)).toEqual(['necessary']);
  });

  it('refuses a bad declaration when the settings are loaded, naming the path', () => {
    const bad = (cookies: unknown) => {
      const result = SiteSettings.safeParse({ ...siteSettings(), cookies });
      expect(result.success).toBe(false);
      return result.error!.issues[0]!;
    };
    const statistics = DEMO_COOKIES.statistics!;
    expect(bad({ statistics: { ...statistics, services: [] } })).toMatchObject({ path: ['cookies', 'statistics', 'services'], message: expect.stringContaining('declare at least one service') });
    const cookie = { name: 'my cookie', duration: { nb: '1 år', en: '1 year' } };
    expect(bad({ statistics: { ...statistics, services: [{ ...statistics.services[0]!, cookies: [cookie] }] } }).path).toEqual(['cookies', 'statistics', 'services', 0, 'cookies', 0, 'name']);
    expect(bad({ analytics: statistics }).code).toBe('unrecognized_keys');
    expect(bad({ lifetimeMonths: 36 }).path).toEqual(['cookies', 'lifetimeMonths']);
  });
});
