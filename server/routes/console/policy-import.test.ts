import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyAnswers, PolicySummary, SitePolicies } from '../../../protocol/index.ts';
import { createDailyJobs } from '../../jobs/index.ts';
import { silentLogger } from '../../log.ts';
import { createOutboundGuard } from '../../services/outbound/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { ORIGIN, SITE, siteSettings } from '../../testing.ts';
import { consoleTestApp, OWNER } from './testing.ts';

const HTML = `<!doctype html><html><head><title>Personvern</title><script>track()</script></head><body>
<nav><a href="/">Hjem</a></nav>
<h1>Personvernerklæring for Sykkelbutikken</h1>
<h2>Hvor lenge lagrer vi opplysningene?</h2><p>Ordrehistorikk lagres i fem år fordi bokføringsloven krever det.</p>
<h2>Dine rettigheter</h2><p>Du kan be om innsyn, retting og sletting. Skriv til personvern@sykkel.example.</p>
</body></html>`;

/** A real receiver on loopback: the site's own web server, whose pages the test changes. */
async function siteServer() {
  const pages = new Map<string, { type: string; body: string; status?: number; location?: string }>();
  const server = http.createServer((req, res) => {
    const page = pages.get(req.url ?? '');
    if (!page) return void res.writeHead(404).end('not found');
    res.writeHead(page.status ?? 200, { 'content-type': page.type, ...(page.location ? { location: page.location } : {}) }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { pages, origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe.each(backends)('importing a policy from its address on $name', (backend) => {
  async function setup(outbound = createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true })) {
    const site = await siteServer();
    closers.push(site.close);
    const t = await consoleTestApp({ backend, outbound });
    // The site's own origins include its web server (on loopback in the test).
    await t.store.upsertSite(siteSettings({ origins: [ORIGIN, site.origin] }));
    const owner = await t.signIn(OWNER);
    const importFrom = (url: string) => t.request(`/console/api/sites/${SITE}/policies/nb/import`, { method: 'POST', session: owner, body: { url } });
    return { t, site, owner, importFrom, outbound };
  }

  it('reads an HTML policy from the site, saves it as the text the chat answers from, and says where it came from', async () => {
    const { t, site, owner, importFrom } = await setup();
    site.pages.set('/personvern', { type: 'text/html; charset=utf-8', body: HTML });
    const res = await importFrom(`${site.origin}/personvern`);
    expect(res.status).toBe(200);
    const saved = (await res.json()) as PolicySummary;
    expect(saved).toMatchObject({ lang: 'nb', title: 'Personvernerklæring for Sykkelbutikken', sections: 2, imported: { url: `${site.origin}/personvern`, changedAt: null } });
    const stored = await t.store.getPolicy(SITE, 'nb');
    expect(stored?.markdown).toContain('## Hvor lenge lagrer vi opplysningene?');
    expect(stored?.markdown).not.toContain('track()');

    const answer = await t.app.request(`/v1/sites/${SITE}/answers`, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/json' }, body: JSON.stringify({ lang: 'nb', question: 'hvor lenge lagrer dere ordrehistorikk?' }) });
    expect(((await answer.json()) as PolicyAnswers).answers[0]?.title).toBe('Hvor lenge lagrer vi opplysningene?');

    const trail = await t.store.listAudit({ target: `site:${SITE}` });
    expect(trail.map((a) => a.action)).toContain('site.policy-import');
    const listed = (await (await t.request(`/console/api/sites/${SITE}/policies`, { session: owner })).json()) as SitePolicies;
    expect(listed.policies[0]?.imported?.url).toBe(`${site.origin}/personvern`);
  });

  it('refuses an address on an origin that is not the site’s with 400, and saves nothing', async () => {
    const { t, importFrom } = await setup();
    const other = await siteServer();
    closers.push(other.close);
    other.pages.set('/personvern', { type: 'text/html', body: HTML });
    const res = await importFrom(`${other.origin}/personvern`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('policy_url_refused');
    expect(body.message).toContain(ORIGIN);
    expect(await t.store.getPolicy(SITE, 'nb')).toBeUndefined();
    expect(await t.store.getPolicyImport(SITE, 'nb')).toBeUndefined();
  });

  it('does not follow a redirect, and with the default guard refuses a loopback address', async () => {
    const { t, site, importFrom } = await setup();
    site.pages.set('/flyttet', { type: 'text/html', body: '', status: 302, location: 'http://127.0.0.1:1/admin' });
    const redirected = await importFrom(`${site.origin}/flyttet`);
    expect(redirected.status).toBe(422);
    expect(((await redirected.json()) as { error: string }).error).toBe('policy_redirect');

    // The production guard: a site whose origin resolves to loopback is refused before any request.
    const strict = await setup(createOutboundGuard({ allowHttp: true }));
    strict.site.pages.set('/personvern', { type: 'text/html', body: HTML });
    const refused = await strict.importFrom(`${strict.site.origin}/personvern`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^policy_(url_refused|target_not_public)$/);
    expect(await strict.t.store.getPolicy(SITE, 'nb')).toBeUndefined();
    expect(await t.store.getPolicy(SITE, 'nb')).toBeUndefined();
  });

  it('re-reads an imported policy daily, saves a changed text and marks it changed for the console', async () => {
    const { t, site, importFrom, outbound } = await setup();
    site.pages.set('/personvern.txt', { type: 'text/plain; charset=utf-8', body: '# Personvern\n\n## Lagring\n\nVi lagrer ordre i fem år.\n' });
    expect((await importFrom(`${site.origin}/personvern.txt`)).status).toBe(200);

    const jobs = () => createDailyJobs({ store: t.store, clock: t.now, log: silentLogger, outbound, publicUrl: 'http://localhost:8787' });
    t.advance(24 * 60 * 60 * 1000);
    expect(JSON.parse((await jobs().tick())['policy-reread']!)).toEqual({ checked: 1, changed: 0, failed: 0 });
    expect((await t.store.getPolicyImport(SITE, 'nb'))?.changedAt).toBeNull();

    site.pages.set('/personvern.txt', { type: 'text/plain; charset=utf-8', body: '# Personvern\n\n## Lagring\n\nVi lagrer ordre i ti år.\n' });
    t.advance(24 * 60 * 60 * 1000);
    expect(JSON.parse((await jobs().tick())['policy-reread']!)).toEqual({ checked: 1, changed: 1, failed: 0 });
    expect((await t.store.getPolicy(SITE, 'nb'))?.markdown).toContain('ti år');
    // Two days on, the earlier session has lapsed: the owner signs in again and sees the change.
    const listed = (await (await t.request(`/console/api/sites/${SITE}/policies`, { session: await t.signIn(OWNER) })).json()) as SitePolicies;
    expect(listed.policies[0]?.imported?.changedAt).toBe(t.now().toISOString());
  });
});
