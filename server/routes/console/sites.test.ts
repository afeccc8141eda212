import { describe, expect, it } from 'vitest';
import type { SiteSettings } from '../../../protocol/index.ts';
import type { Mail, Mailer } from '../../services/mail/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { formEvent, SITE, siteSettings } from '../../testing.ts';
import { createOutboundGuard } from '../../services/outbound/index.ts';
import { ADMIN, consoleTestApp, OWNER } from './testing.ts';

describe.each(backends)('console sites on $name', (backend) => {
  it('creates a new site once with its secret key shown once, and answers 409 for a key that exists, also to two owners at once', async () => {
    const t = await consoleTestApp({ backend });
    const session = await t.signIn(ADMIN);
    const site = siteSettings({ key: 'pk_new_site_01', name: 'Ny butikk', origins: ['https://ny.example.no'] });
    const [a, b] = await Promise.all([0, 1].map(() => t.request('/console/api/sites', { method: 'POST', session, body: site })));
    expect([a!.status, b!.status].sort()).toEqual([201, 409]);
    const created = (a!.status === 201 ? a! : b!);
    const body = (await created.json()) as { site: { settings: { name: string } }; secretKey: string };
    expect(body.secretKey).toMatch(/^sk_/);
    expect(body.site.settings.name).toBe('Ny butikk');
    expect(await t.store.verifySiteSecret('pk_new_site_01', body.secretKey, t.now())).toBe(true);
    const again = await t.request('/console/api/sites', { method: 'POST', session, body: { ...site, name: 'Overskrevet' } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'site_exists' });
    expect((await t.store.getSite('pk_new_site_01'))?.settings.name).toBe('Ny butikk');
  });

  it('refuses a save made from an older version of the settings (If-Match), also when two are sent at once, and keeps the first', async () => {
    const t = await consoleTestApp({ backend });
    const session = await t.signIn(ADMIN);
    const site = siteSettings({ key: 'pk_edit_site_01', name: 'Første navn', origins: ['https://a.example.no'] });
    expect((await t.request('/console/api/sites', { method: 'POST', session, body: site })).status).toBe(201);
    const opened = await t.request('/console/api/sites/pk_edit_site_01', { session });
    const { etag, settings } = (await opened.json()) as { etag: string; settings: typeof site };
    expect(opened.headers.get('etag')).toBe(etag);

    const save = (name: string, tag: string) =>
      t.request('/console/api/sites/pk_edit_site_01', { method: 'PUT', session, headers: { 'If-Match': tag }, body: { ...settings, name } });
    const [a, b] = await Promise.all([save('Anne sitt navn', etag), save('Bjørn sitt navn', etag)]);
    expect([a!.status, b!.status].sort()).toEqual([200, 412]);
    const winner = a!.status === 200 ? 'Anne sitt navn' : 'Bjørn sitt navn';
    const refused = a!.status === 412 ? a! : b!;
    expect(await refused.json()).toMatchObject({ error: 'edit_conflict' });
    expect((await t.store.getSite('pk_edit_site_01'))?.settings.name).toBe(winner);

    // The stale tag stays refused; the tag of what was saved is accepted.
    expect((await save('Sent', etag)).status).toBe(412);
    const current = await t.request('/console/api/sites/pk_edit_site_01', { session });
    const fresh = await save('Etter omlasting', ((await current.json()) as { etag: string }).etag);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).not.toBe(etag);
    expect((await t.store.getSite('pk_edit_site_01'))?.settings.name).toBe('Etter omlasting');
  });

  it('records in the trail which parts a save changed, by key and position only, never a value typed', async () => {
    const t = await consoleTestApp({ backend });
    const session = await t.signIn(ADMIN);
    const service = (name: string) => ({ name, provider: `${name} AS`, purpose: { nb: 'Teller besøk.', en: 'Counts visits.' }, cookies: [] });
    const category = { recipients: { nb: 'Oss.', en: 'Us.' }, retention: { nb: '1 år', en: '1 year' }, services: [service('Teller'), service('Kart')] };
    const site = siteSettings({ key: 'pk_trail_site_01', name: 'Før AS', origins: ['https://a.example.no'], cookies: { statistics: category } });
    expect((await t.request('/console/api/sites', { method: 'POST', session, body: site })).status).toBe(201);
    const open = async () => (await (await t.request('/console/api/sites/pk_trail_site_01', { session })).json()) as { etag: string; settings: Record<string, unknown> & { cookies: Record<string, unknown> } };
    const save = async (change: (s: Awaited<ReturnType<typeof open>>['settings']) => object) => {
      const { etag, settings } = await open();
      const res = await t.request('/console/api/sites/pk_trail_site_01', { method: 'PUT', session, headers: { 'If-Match': etag }, body: change(settings) });
      expect(res.status).toBe(200);
    };

    await save((s) => ({
      ...s,
      name: 'Kari Nordmann Enkeltpersonforetak',
      chat: { referencePrefix: 'REQ', dpoEmail: 'kari.nordmann@example.no' },
      texts: { marketingEmail: { nb: 'Ja, send meg nyheter fra {company}.' } },
      cookies: {
        ...s.cookies,
        launcher: 'bottom-right',
        intro: { en: 'Our own intro.' },
        statistics: { ...category, services: [service('Teller'), service('Kari sitt kart')] },
        marketing: { ...category, services: [service('Annonser')] },
      },
    }));
    // Nothing changed: the save is still in the trail, with nothing named.
    await save((s) => s);
    // A service removed from the front: the one that moved up is named too.
    await save((s) => ({ ...s, cookies: { ...s.cookies, statistics: { ...category, retention: { nb: '2 år', en: '2 years' }, services: [service('Kari sitt kart')] } } }));

    const trail = (await t.store.listAudit({ target: 'site:pk_trail_site_01' })).filter((e) => e.action === 'site.update');
    expect(trail.map((e) => e.detail.changed).reverse()).toEqual([
      ['chat', 'cookies.intro', 'cookies.launcher', 'cookies.marketing', 'cookies.statistics.services.1', 'name', 'texts'],
      [],
      ['cookies.statistics.retention', 'cookies.statistics.services.0', 'cookies.statistics.services.1'],
    ]);
    expect(trail.every((e) => e.accountEmail === ADMIN.email)).toBe(true);
    // Who changed what, never what they typed: no name, address, wording or service in the trail.
    expect(JSON.stringify(trail)).not.toMatch(/Kari|nordmann|nyheter|Our own|Annonser|bottom-right/i);
  });

  it('takes a material-change mark as said of the version saved with it only: not kept, not shown, not carried into a later version', async () => {
    const sent: Mail[] = [];
    const mailer: Mailer = { target: 'test', send: async (m) => void sent.push(m), close() {} };
    const t = await consoleTestApp({ backend, chat: { mailer } });
    await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash, { subject: { email: 'kari@example.no' } }), receivedAt: t.now(), source: 'browser' }]);
    const session = await t.signIn(ADMIN);
    const path = `/console/api/sites/${SITE}`;
    const open = async () => (await (await t.request(path, { session })).json()) as { etag: string; settings: SiteSettings };
    // As the console and any script do: read what is stored, change a part, send it all back.
    const save = async (change: (s: SiteSettings) => SiteSettings) => {
      const { etag, settings } = await open();
      expect((await t.request(path, { method: 'PUT', session, headers: { 'If-Match': etag }, body: change(settings) })).status).toBe(200);
    };
    const trail = async (action: string) => (await t.store.listAudit({ target: `site:${SITE}` })).filter((e) => e.action === action).reverse();
    const mailed = async () => (await trail('site.policy-change-mail')).map((e) => e.detail.version);
    const settle = () => new Promise((r) => setTimeout(r, 100));

    await save((s) => ({ ...s, policy: { ...s.policy, version: '2024-06-01', materialChange: true, changeSummary: { nb: 'Ny e-posttjeneste.', en: 'A new email service.' } } }));
    await expect.poll(mailed).toEqual(['2024-06-01']);
    expect(sent.map((m) => m.to)).toEqual(['kari@example.no']);
    expect((await t.store.getSite(SITE))!.settings.policy).not.toHaveProperty('materialChange');
    expect((await open()).settings.policy).toMatchObject({ version: '2024-06-01', changeSummary: { nb: 'Ny e-posttjeneste.' } });
    expect((await open()).settings.policy).not.toHaveProperty('materialChange');

    // Later saves say nothing about a material change, and a later version is not announced unasked.
    await save((s) => ({ ...s, name: 'Testbutikken AS' }));
    await save((s) => ({ ...s, policy: { ...s.policy, version: '2024-09-01' } }));
    await settle();
    expect(await mailed()).toEqual(['2024-06-01']);
    expect(sent).toHaveLength(1);
    expect((await trail('site.update')).map((e) => [e.detail.versionChanged, e.detail.markedMaterial])).toEqual([[true, true], [false, false], [true, false]]);
    expect((await trail('site.update')).every((e) => !('materialChange' in e.detail))).toBe(true);

    // A document stored with the mark before it stopped being kept: not shown, its tag still
    // matches what the owner was shown, and the next save drops it without announcing anything.
    const stored = (await t.store.getSite(SITE))!.settings;
    await t.store.upsertSite({ ...stored, policy: { ...stored.policy, materialChange: true } });
    expect((await open()).settings.policy).not.toHaveProperty('materialChange');
    await save((s) => ({ ...s, policy: { ...s.policy, version: '2024-12-01' } }));
    await settle();
    expect(await mailed()).toEqual(['2024-06-01']);
    expect((await t.store.getSite(SITE))!.settings.policy).not.toHaveProperty('materialChange');
    expect((await trail('site.update')).at(-1)!.detail.changed).toEqual(['policy']);
  });

  it('shows the owner our own wording of each text they may word themselves, as it reads for the site, beside theirs', async () => {
    const t = await consoleTestApp({ backend });
    const session = await t.signIn(ADMIN);
    const site = siteSettings({ key: 'pk_words_site_01', name: 'Ordbutikken', origins: ['https://o.example.no'], texts: { marketingEmail: { nb: 'Vår egen.' } } });
    expect((await t.request('/console/api/sites', { method: 'POST', session, body: site })).status).toBe(201);
    const { defaults } = (await (await t.request('/console/api/sites/pk_words_site_01', { session })).json()) as { defaults: Record<string, { nb: string; en: string }> };
    expect(defaults.marketingEmail!.nb).toMatch(/^Ja, jeg vil gjerne få e-post fra Ordbutikken om/);
    expect(defaults.marketingEmailOptOut!.en).toMatch(/^No thanks, I do not want emails from Ordbutikken/);
    expect(defaults.intro!.nb).toMatch(/^Ordbutikken vil gjerne bruke informasjonskapsler/);
    expect(defaults.linkText).toEqual({ nb: 'Les personvernerklæringen', en: 'Read our privacy policy' });
  });
});

describe.each(backends)('the digest webhook target on $name', (backend) => {
  const put = (t: Awaited<ReturnType<typeof consoleTestApp>>, session: Awaited<ReturnType<typeof t.signIn>>, digestWebhook: string) =>
    t.request(`/console/api/sites/${SITE}/console-settings`, { method: 'PUT', session, body: { digestEmail: null, digestWebhook } });

  it('refuses internal addresses with a 400 naming the problem, and keeps the old target', async () => {
    const t = await consoleTestApp({ backend });
    const session = await t.signIn(OWNER);
    expect((await put(t, session, 'https://hooks.example.no/samtykke')).status).toBe(200);
    for (const url of ['https://127.0.0.1/h', 'https://[::1]/h', 'https://0x7f000001/h', 'https://169.254.169.254/latest/meta-data', 'https://10.1.2.3/h', 'https://[::ffff:10.0.0.1]/h', 'https://localhost/h']) {
      const res = await put(t, session, url);
      expect(res.status, url).toBe(400);
      const body = (await res.json()) as { error: string; message: string; issues: { path: string; message: string }[] };
      expect(body, url).toMatchObject({ error: 'target_not_public', issues: [{ path: 'digestWebhook' }] });
      expect(body.message, url).toMatch(/loopback|link-local|private|local name/);
    }
    expect((await t.store.consoleSiteSettings(SITE)).digestWebhook).toBe('https://hooks.example.no/samtykke');
  });

  it('lets a test guard that allows private networks save a loopback receiver', async () => {
    const t = await consoleTestApp({ backend, outbound: createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true }) });
    const session = await t.signIn(OWNER);
    expect((await put(t, session, 'https://127.0.0.1:9999/hook')).status).toBe(200);
  });
});
