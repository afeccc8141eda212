import { describe, expect, it } from 'vitest';
import { MarketingList } from '../../protocol/index.ts';
import { backends } from '../store/backends.testing.ts';
import { formEvent, SITE, siteSettings, testApp } from '../testing.ts';
import { sha256Hex } from '../util/crypto.ts';
import { AGENT, CONSOLE_ORIGIN, consoleTestApp, OWNER } from './console/testing.ts';
import { MARKETING_LIST_PER_MINUTE } from './marketing-list.ts';

const OTHER = 'pk_other_site02';
const MINUTE = 60_000;
const granted = [{ purpose: 'marketing-email' as const, decision: 'granted' as const }];

describe.each(backends)('GET /v1/sites/:key/marketing-list on $name', (backend) => {
  async function setup() {
    const t = await consoleTestApp({ backend });
    const other = await t.store.createSite(siteSettings({ key: OTHER, name: 'Annen AS', origins: ['https://annen.example.no'] }));
    const append = async (site: string, email: string, over: Parameters<typeof formEvent>[1] = {}) =>
      t.store.appendConsentEvents([{ site, event: formEvent(t.textHash, { subject: { email }, purposes: granted, ...over }), receivedAt: t.now(), source: 'browser' }]);
    await append(SITE, 'kari@example.no');
    const kariSince = t.now().toISOString();
    await append(SITE, 'ola@example.no', { basis: 'existing-customer' });
    await append(SITE, 'per@example.no');
    await append(SITE, 'lise@example.no');
    await append(OTHER, 'nina@example.no');
    t.advance(MINUTE);
    // Kari says yes again on another form: still on the list since her first yes.
    await append(SITE, 'kari@example.no', { collection: { formId: 'webinar', pageUrl: 'https://shop.example.no/webinar', clientTime: t.now().toISOString(), widgetVersion: '0.1.0' } });
    // Per says no later; Lise has asked for restriction.
    await append(SITE, 'per@example.no', { purposes: [{ purpose: 'marketing-email', decision: 'declined' }] });
    const lise = (await t.store.subjectsByEmail('lise@example.no'))[0]!;
    await t.store.setSubjectFlag(lise.id, 'restricted', true, t.now());

    const list = (init: { key?: string | null; site?: string; etag?: string } = {}) => {
      const headers: Record<string, string> = {};
      const key = init.key === undefined ? t.siteSecret : init.key;
      if (key !== null) headers.Authorization = `Bearer ${key}`;
      if (init.etag) headers['If-None-Match'] = init.etag;
      return t.app.request(`/v1/sites/${init.site ?? SITE}/marketing-list`, { headers });
    };
    const people = async (res: Response) => (MarketingList.parse(await res.json())).subscribers.map((s) => s.email).sort();
    return { ...t, otherSecret: other!.secretKey!, list, people, kariSince };
  }

  it('lists the people of the console\'s CSV, with basis, since and their own one-click link', async () => {
    const t = await setup();
    const res = await t.list();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store, private');
    expect(res.headers.get('etag')).toMatch(/^W\/"[0-9a-f]{64}"$/);
    const body = MarketingList.parse(await res.json());
    expect(body).toMatchObject({ site: SITE, generated_at: t.now().toISOString() });

    const csv = await (await t.request(`/console/api/sites/${SITE}/marketing-list`, { session: await t.signIn(OWNER) })).text();
    const csvPeople = csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]).sort();
    expect(body.subscribers.map((s) => s.email).sort()).toEqual(csvPeople);
    expect(csvPeople).toEqual(['kari@example.no', 'ola@example.no']);

    const byEmail = Object.fromEntries(body.subscribers.map((s) => [s.email, s]));
    expect(byEmail['kari@example.no']).toMatchObject({ basis: 'consent', since: t.kariSince });
    expect(byEmail['ola@example.no']).toMatchObject({ basis: 'existing-customer' });
    for (const s of body.subscribers) {
      expect(s.unsubscribe_url).toMatch(new RegExp(`^${CONSOLE_ORIGIN}/u/[\\w-]{40,}$`));
      expect(await t.store.readUnsubscribeToken(new URL(s.unsubscribe_url).pathname.slice(3))).toEqual({ site: SITE, email: s.email });
    }
  });

  it('answers 304 while the list is unchanged, and 200 with a new ETag after an unsubscribe, a withdrawal and an erasure', async () => {
    const t = await setup();
    const first = await t.list();
    const tag = first.headers.get('etag')!;
    const links = Object.fromEntries((MarketingList.parse(await first.json())).subscribers.map((s) => [s.email, s.unsubscribe_url]));

    t.advance(MINUTE);
    const same = await t.list({ etag: tag });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(tag);
    expect(same.headers.get('cache-control')).toBe('no-store, private');
    expect(await same.text()).toBe('');
    expect((await t.list({ etag: `"nope", ${tag.slice(2)}` })).status).toBe(304);
    expect((await t.list({ etag: '*' })).status).toBe(304);

    // A change: the tag given back no longer matches, so the new list comes with a new tag.
    const changed = async (previous: string) => {
      const res = await t.list({ etag: previous });
      expect(res.status).toBe(200);
      const next = res.headers.get('etag')!;
      expect(next).not.toBe(previous);
      return { next, people: await t.people(res) };
    };

    // 1. The one-click link the API gave out.
    const unsubscribed = await t.app.request(new URL(links['kari@example.no']!).pathname, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(unsubscribed.status).toBe(200);
    const a = await changed(tag);
    expect(a.people).toEqual(['ola@example.no']);

    // 2. A new subscriber, then a completed withdraw-consent request.
    await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash, { subject: { email: 'siri@example.no' }, purposes: granted }), receivedAt: t.now(), source: 'browser' }]);
    const b = await changed(a.next);
    expect(b.people).toEqual(['ola@example.no', 'siri@example.no']);
    const id = crypto.randomUUID();
    await t.store.createRightsRequest({ id, site: SITE, tokenHash: sha256Hex(id), kind: 'withdraw-consent', lang: 'nb', name: 'Siri', email: 'siri@example.no', details: { purpose: 'marketing-email' }, conversationId: null, receivedAt: t.now() });
    await t.store.markVerified(id, t.now(), new Date(t.now().getTime() + 30 * 24 * 60 * MINUTE), 'TS');
    expect((await t.request(`/console/api/requests/${id}/status`, { method: 'POST', body: { to: 'completed' }, session: await t.signIn(AGENT) })).status).toBe(200);
    const c = await changed(b.next);
    expect(c.people).toEqual(['ola@example.no']);

    // 3. Erasure.
    const ola = (await t.store.subjectsByEmail('ola@example.no'))[0]!;
    expect((await t.request(`/console/api/subjects/${ola.id}/erase`, { method: 'POST', body: { reason: 'Art. 17' }, session: await t.signIn(OWNER) })).status).toBe(200);
    const d = await changed(c.next);
    expect(d.people).toEqual([]);
    expect((await t.list({ etag: d.next })).status).toBe(304);
  });

  it('refuses a missing, malformed, wrong or other site\'s key with the same JSON 401, and an unknown site with a 404', async () => {
    const t = await setup();
    const refused = { error: 'invalid_site_secret', message: 'The Authorization header does not hold this site’s secret key.' };
    const cases: Array<[string, Response]> = [
      ['no header', await t.list({ key: null })],
      ['empty bearer', await t.app.request(`/v1/sites/${SITE}/marketing-list`, { headers: { Authorization: 'Bearer ' } })],
      ['basic auth', await t.app.request(`/v1/sites/${SITE}/marketing-list`, { headers: { Authorization: `Basic ${btoa(`${SITE}:${t.siteSecret}`)}` } })],
      ['two words', await t.list({ key: `${t.siteSecret} extra` })],
      ['wrong key', await t.list({ key: 'sk_wrongwrongwrongwrongwrong' })],
      ['the public key', await t.list({ key: SITE })],
      ['another site\'s key', await t.list({ key: t.otherSecret })],
      ['this site\'s key for another site', await t.list({ key: t.siteSecret, site: OTHER })],
      // Without a key the answer is the same whether the site exists or not.
      ['no header, unknown site', await t.list({ key: null, site: 'pk_no_such_site9' })],
    ];
    for (const [name, res] of cases) {
      expect(res.status, name).toBe(401);
      expect(await res.json(), name).toEqual({ ...refused, requestId: res.headers.get('x-request-id') });
      expect(res.headers.get('cache-control'), name).toBe('no-store, private');
      expect(res.headers.get('etag'), name).toBeNull();
    }
    const unknown = await t.list({ site: 'pk_no_such_site9' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'unknown_site', message: 'No site has this key.', requestId: unknown.headers.get('x-request-id') });
    // A browser page cannot read it: no CORS header, even from the site's own origin.
    const fromPage = await t.app.request(`/v1/sites/${SITE}/marketing-list`, { headers: { Authorization: `Bearer ${t.siteSecret}`, Origin: 'https://shop.example.no' } });
    expect(fromPage.status).toBe(200);
    expect(fromPage.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never shows one site\'s people to another', async () => {
    const t = await setup();
    expect(await t.people(await t.list())).not.toContain('nina@example.no');
    const res = await t.list({ key: t.otherSecret, site: OTHER });
    const body = MarketingList.parse(await res.clone().json());
    expect(body.site).toBe(OTHER);
    expect(await t.people(res)).toEqual(['nina@example.no']);
    expect(res.headers.get('etag')).not.toBe((await t.list()).headers.get('etag'));
  });

  it(`allows ${MARKETING_LIST_PER_MINUTE} calls a minute per site, counting only calls with the right key`, async () => {
    const t = await setup();
    for (let i = 0; i < 2 * MARKETING_LIST_PER_MINUTE; i++) expect((await t.list({ key: 'sk_wrongwrongwrongwrongwrong' })).status).toBe(401);
    for (let i = 0; i < MARKETING_LIST_PER_MINUTE; i++) expect((await t.list({ etag: '*' })).status).toBe(304);
    const limited = await t.list();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await limited.json()).error).toBe('rate_limited');
    // Another site's allowance is its own.
    expect((await t.list({ key: t.otherSecret, site: OTHER })).status).toBe(200);
    t.advance(MINUTE);
    expect((await t.list()).status).toBe(200);
  });

  it('logs the count, never an address', async () => {
    const t = await testApp({ backend });
    await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash, { subject: { email: 'kari@example.no' }, purposes: granted }), receivedAt: t.now, source: 'browser' }]);
    const res = await t.app.request(`/v1/sites/${SITE}/marketing-list`, { headers: { Authorization: `Bearer ${t.siteSecret}` } });
    expect(res.status).toBe(200);
    await t.app.request(`/v1/sites/${SITE}/marketing-list`, { headers: { Authorization: `Bearer ${t.siteSecret}`, 'If-None-Match': res.headers.get('etag')! } });
    expect(t.logs.filter((l) => l.message === 'marketing-list').map((l) => l.fields)).toEqual([
      { site: SITE, count: 1, changed: true },
      { site: SITE, count: 1, changed: false },
    ]);
    expect(JSON.stringify(t.logs)).not.toContain('kari');
  });
});
