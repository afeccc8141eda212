import { describe, expect, it } from 'vitest';
import { backends } from '../store/backends.testing.ts';
import { formEvent, SITE } from '../testing.ts';
import { CONSOLE_ORIGIN, consoleTestApp, OWNER } from './console/testing.ts';

describe.each(backends)('one-click unsubscribe on $name', (backend) => {
  async function setup() {
    const t = await consoleTestApp({ backend });
    const grant = (email: string, basis: 'consent' | 'existing-customer' = 'consent') => formEvent(t.textHash, { subject: { email }, basis, purposes: [{ purpose: 'marketing-email', decision: 'granted' }] });
    const events = [grant('kari.nordmann@example.no'), grant('ola@example.no', 'existing-customer')];
    await t.store.appendConsentEvents(events.map((event) => ({ site: SITE, event, receivedAt: t.now(), source: 'browser' as const })));
    // The links come with the marketing list the site's newsletter tool imports.
    const session = await t.signIn(OWNER);
    const csv = await (await t.request(`/console/api/sites/${SITE}/marketing-list`, { session })).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('email,unsubscribe_url');
    const links = Object.fromEntries(lines.slice(1).map((l) => l.split(',') as [string, string]));
    expect(Object.keys(links).sort()).toEqual(['kari.nordmann@example.no', 'ola@example.no']);
    const path = (email: string) => new URL(links[email]!).pathname;
    const records = async () => (await t.store.findConsentsByEmail('kari.nordmann@example.no', SITE)).length;
    return { t, links, path, records };
  }

  it('shows whom the link is for without changing anything, unsubscribes on the button, once, as a record in the chain', async () => {
    const { t, links, path, records } = await setup();
    expect(links['kari.nordmann@example.no']).toMatch(new RegExp(`^${CONSOLE_ORIGIN}/u/[\\w-]{40,}$`));
    expect(links['kari.nordmann@example.no']).not.toContain('kari');

    // A mail filter opening the link changes nothing.
    const shown = await t.app.request(path('kari.nordmann@example.no'));
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await shown.text();
    expect(page).toContain('k…n@example.no');
    expect(page).not.toContain('kari.nordmann');
    expect(page).toContain('<button type="submit">Meld meg av</button>');
    expect(await t.store.marketingList(SITE)).toContain('kari.nordmann@example.no');
    const before = await records();

    const done = await t.app.request(path('kari.nordmann@example.no'), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'lang=nb' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Ferdig: k…n@example.no får ikke flere e-poster');
    expect(await t.store.marketingList(SITE)).toEqual(['ola@example.no']);
    const history = await t.store.findConsentsByEmail('kari.nordmann@example.no', SITE);
    expect(history).toHaveLength(before + 1);
    expect(history.at(-1)).toMatchObject({ source: 'server', basis: 'consent', widgetVersion: 'unsubscribe-link', purposes: [{ purpose: 'marketing-email', decision: 'withdrawn' }] });

    // Again (a second click, or the mail client's one-click POST): nothing more is recorded.
    await t.app.request(path('kari.nordmann@example.no'), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(await records()).toBe(before + 1);
    expect(await (await t.app.request(path('kari.nordmann@example.no'))).text()).toContain('er ikke på listen');
    expect((await t.store.verifyChain(SITE)).ok).toBe(true);
  });

  it('keeps an existing customer\'s opt-out on its own basis, and speaks English to an English browser', async () => {
    const { t, path } = await setup();
    const shown = await t.app.request(path('ola@example.no'), { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });
    expect(await shown.text()).toContain('Unsubscribe me');
    await t.app.request(path('ola@example.no'), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'lang=en' });
    expect((await t.store.findConsentsByEmail('ola@example.no', SITE)).at(-1)).toMatchObject({ basis: 'existing-customer', purposes: [{ decision: 'withdrawn' }] });
    expect(await t.store.marketingList(SITE)).toEqual(['kari.nordmann@example.no']);
  });

  it('refuses a link that is cut, altered or made up, and changes nothing', async () => {
    const { t, path, records } = await setup();
    const good = path('kari.nordmann@example.no');
    const token = good.slice('/u/'.length);
    const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    const before = await records();
    for (const bad of [`/u/${token.slice(0, -4)}`, `/u/${flipped}`, `/u/${'A'.repeat(80)}`, '/u/kari.nordmann@example.no', '/u/%00']) {
      for (const method of ['GET', 'POST']) {
        const res = await t.app.request(bad, { method, ...(method === 'POST' ? { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' } : {}) });
        expect(res.status, `${method} ${bad}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${bad}`).toBeLessThan(500);
      }
    }
    expect(await records()).toBe(before);
    expect(await t.store.marketingList(SITE)).toContain('kari.nordmann@example.no');
  });
});
