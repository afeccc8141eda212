import { describe, expect, it } from 'vitest';
import { backends } from '../../store/backends.testing.ts';
import { siteSettings } from '../../testing.ts';
import { consoleTestApp, OWNER } from './testing.ts';

describe.each(backends)('console sites on $name', (backend) => {
  it('creates a new site once with its secret key shown once, and answers 409 for a key that exists, also to two owners at once', async () => {
    const t = await consoleTestApp({ backend });
    const session = await t.signIn(OWNER);
    const site = siteSettings({ key: 'pk_new_site_01', name: 'Ny butikk', origins: ['https://ny.example.no'] });
    const [a, b] = await Promise.all([0, 1].map(() => t.request('/console/api/sites', { method: 'POST', session, body: site })));
    expect([a!.status, b!.status].sort()).toEqual([201, 409]);
    const created = (a!.status === 201 ? a! : b!);
    const body = (await created.json()) as { site: { settings: { name: string } }; secretKey: string };
    expect(body.secretKey).toMatch(/^sk_/);
    expect(body.site.settings.name).toBe('Ny butikk');
    expect(await t.store.verifySiteSecret('pk_new_site_01', body.secretKey)).toBe(true);
    const again = await t.request('/console/api/sites', { method: 'POST', session, body: { ...site, name: 'Overskrevet' } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'site_exists' });
    expect((await t.store.getSite('pk_new_site_01'))?.settings.name).toBe('Ny butikk');
  });

  it('refuses a save made from an older version of the settings (If-Match), also when two are sent at once, and keeps the first', async () => {
    const t = await consoleTestApp({ backend });
    const session = await t.signIn(OWNER);
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
});
