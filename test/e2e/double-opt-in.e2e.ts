import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { MarketingList } from '../../protocol/index.ts';
import { createOutboundGuard } from '../../server/services/outbound/index.ts';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { startReceiver, type Receiver } from '../../server/services/webhooks/receiver.testing.ts';
import { axeViolations } from '../setup/axe.ts';
import { addedScriptRuns } from '../setup/browser.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';

const SITE = 'pk_demo_nettfokus';
const OWNER = { email: 'eier@nettfokus.example', password: 'eier-passord-lang-nok' };
const DAY = 24 * 60 * 60 * 1000;

// The server's clock runs with real time plus an offset the test moves (the expiry); timers stay real.
let offset = 0;
const clock = () => new Date(Date.now() + offset);

/** Ticks the box on the demo contact form and sends it, as a visitor would. */
async function signUp(page: Page, base: string, name: string, email: string) {
  await page.goto(`${base}/kontakt.html`);
  // Each test has a fresh browser context, so the cookie notice comes first, as for a first visit.
  await page.getByRole('button', { name: 'Avvis alle' }).click();
  await page.getByLabel('Navn').fill(name);
  await page.getByLabel('E-post', { exact: true }).fill(email);
  await page.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ }).check();
  await Promise.all([page.waitForURL('**/demo/thanks'), page.getByRole('button', { name: 'Kontakt meg' }).click()]);
}

describe('double opt-in in a real browser with a real SMTP server', () => {
  const e2e = realBrowserAndServer({ smtp: true, outbound: createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true }), clock });
  let receiver: Receiver | undefined;
  afterAll(async () => receiver?.close());

  async function subscribers() {
    const res = await fetch(`${e2e.server.url}/v1/sites/${SITE}/marketing-list`, { headers: { Authorization: `Bearer ${e2e.server.demoSecretKey}` } });
    return MarketingList.parse(await res.json()).subscribers;
  }
  // The link's path on the test server: with port 0 the configured public address says port 0
  // (the same for every link the test server makes); in production it is PUBLIC_URL.
  const linkIn = (text: string) => `${e2e.server.url}${/https?:\/\/\S+?(\/c\/[\w-]+)/.exec(text)![1]}`;

  it('tick, submit, open the mailed link, confirm by keyboard: confirmed in the console, on the list and in a verified webhook', async () => {
    const store = e2e.server.store;
    await store.updateSite(SITE, (s) => ({ ...s, forms: { ...s.forms, 'kontakt-meg': { basis: 'consent', doubleOptIn: { expiresAfterDays: 3 } } } }));
    receiver = await startReceiver();
    receiver.secret = (await store.createWebhookEndpoint({ site: SITE, url: receiver.url, events: ['consent.granted', 'consent.confirmed', 'consent.expired'], at: clock() })).secret;

    const context = await e2e.browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await signUp(page, e2e.server.url, 'Kari Nordmann', 'kari@example.no');

    const mail = await e2e.smtp.waitFor((m) => m.to.includes('kari@example.no'), 10_000);
    expect(mail.subject).toBe('Bekreft e-postadressen din hos Nettfokus');
    const link = linkIn(mail.text);
    // On the list at once, not yet confirmed.
    expect((await subscribers()).find((s) => s.email === 'kari@example.no')).toMatchObject({ confirmed_at: null });

    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Bekreft e-postadressen din hos Nettfokus' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bekreft');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'er bekreftet' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // The page runs no script of its own: a script it adds does not run under its CSP.
    expect(await addedScriptRuns(page)).toBe(false);
    // The same link again: already confirmed, nothing more recorded.
    await page.goto(link);
    expect(await page.getByRole('status').innerText()).toContain('allerede bekreftet');

    expect((await subscribers()).find((s) => s.email === 'kari@example.no')!.confirmed_at).toEqual(expect.any(String));
    await expect.poll(() => receiver!.received.map((r) => r.payload.type), { timeout: 10_000 }).toEqual(['consent.granted', 'consent.confirmed']);
    expect(receiver.rejected).toEqual([]);
    const [granted, confirmed] = receiver.received.map((r) => r.payload.data);
    expect(confirmed).toMatchObject({ email: 'kari@example.no', formId: 'kontakt-meg', purposes: [{ purpose: 'marketing-email', decision: 'confirmed', grantId: granted!.eventId }] });

    // In the console: her records show the confirmation.
    const passwords = createPasswordHasher({ N: 2 ** 12 });
    await store.createAccount({ email: OWNER.email, sites: [{ site: SITE, role: 'owner' }], passwordHash: await passwords.hash(OWNER.password) });
    await page.goto(`${e2e.server.url}/console`);
    await page.getByLabel('E-postadresse').fill(OWNER.email);
    await page.getByLabel('Passord').fill(OWNER.password);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('heading', { name: 'Samtykker' }).waitFor();
    await page.getByLabel('E-postadresse').fill('kari@example.no');
    await page.getByRole('button', { name: 'Søk', exact: true }).click();
    await expect.poll(() => page.getByRole('table').innerText()).toContain('markedsføring på e-post: adresse bekreftet');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets an unconfirmed grant expire after the period: recorded, off the list, and the link says so', async () => {
    const context = await e2e.browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    await signUp(page, e2e.server.url, 'Ola Nordmann', 'ola@example.no');
    const mail = await e2e.smtp.waitFor((m) => m.to.includes('ola@example.no'), 10_000);
    await expect.poll(async () => (await subscribers()).map((s) => s.email)).toContain('ola@example.no');

    offset += 3 * DAY + 60_000;
    const results = await e2e.server.tickJobs();
    expect(results['double-opt-in-expiry']).toBe(JSON.stringify({ expired: 1, superseded: 0, finished: 0 }));
    expect((await subscribers()).map((s) => s.email)).toEqual(['kari@example.no']);
    const last = (await e2e.server.store.findConsentsByEmail('ola@example.no', SITE)).at(-1)!;
    expect(last.purposes).toEqual([{ purpose: 'marketing-email', decision: 'expired', grantId: expect.any(String) }]);

    await page.goto(linkIn(mail.text));
    expect(await page.getByRole('status').innerText()).toContain('har gått ut');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
