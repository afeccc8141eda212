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
});
