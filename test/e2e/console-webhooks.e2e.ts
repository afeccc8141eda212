import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundGuard } from '../../server/services/outbound/index.ts';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { startReceiver, type Receiver } from '../../server/services/webhooks/receiver.testing.ts';
import { axeViolations } from '../setup/axe.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';

const SITE = 'pk_demo_nettfokus';
const OWNER = { email: 'eier@nettfokus.example', password: 'et-langt-passord-for-eieren' };
const shots = process.env.SCREENSHOT_DIR ?? '/tmp';

/** The focused element's id, or its text when it has none. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || (document.activeElement?.textContent ?? '').trim());
/** The focused element's text, as a screen reader would start it. */
const focusedText = (page: Page) => page.evaluate(() => (document.activeElement?.textContent ?? '').trim());

/** Presses Tab until `target` has focus (keyboard only), failing when it never does. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>) {
  for (let i = 0; i < 120; i += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error('never reached by Tab');
}

async function signIn(page: Page, base: string) {
  await page.goto(`${base}/console`);
  await page.getByLabel('E-postadresse').fill(OWNER.email);
  await page.getByLabel('Passord').fill(OWNER.password);
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();
}

/** Ticks the box on the demo contact form and sends it, as a visitor would. */
async function signUp(page: Page, base: string) {
  await page.goto(`${base}/kontakt.html`);
  await page.getByRole('button', { name: 'Avvis alle' }).click();
  await page.getByLabel('Navn').fill('Kari Nordmann');
  await page.getByLabel('E-post', { exact: true }).fill('kari@example.no');
  await page.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ }).check();
  await Promise.all([page.waitForURL('**/demo/thanks'), page.getByRole('button', { name: 'Kontakt meg' }).click()]);
}

describe('the console\'s webhooks page in a real browser', () => {
  // The receiver listens on loopback, which the production guard refuses: this guard lets it through.
  const e2e = realBrowserAndServer({ outbound: createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true }) });
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    const passwords = createPasswordHasher({ N: 2 ** 12 });
    await e2e.server.store.createAccount({ email: OWNER.email, sites: [{ site: SITE, role: 'owner' }], passwordHash: await passwords.hash(OWNER.password) });
  });
  afterAll(async () => receiver?.close());

  it('an owner adds an endpoint by keyboard, sees its secret once, sees a delivery, resends it and deletes the endpoint (nb)', async () => {
    // axe is injected as an inline script, which the console's CSP refuses: this context lets it in.
    const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, e2e.server.url);
    await page.getByRole('link', { name: 'Webhooks' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('Nettstedet har ingen webhook-endepunkter ennå.').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A refused address: the server's refusal is shown at the field, and focus goes there.
    const url = page.getByLabel('Adresse (https://)');
    await tabTo(page, url);
    await page.keyboard.type('ftp://hooks.example.no/x');
    await tabTo(page, page.getByRole('checkbox', { name: /Samtykke gitt i et skjema/ }));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: 'Legg til endepunktet' }));
    await page.keyboard.press('Enter');
    await page.locator('#wh-url-error').waitFor();
    expect(await page.locator('#wh-url-error').innerText()).toMatch(/^Dette er ikke en hel nettadresse\. .*Serveren svarte: \S/);
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => focused(page)).toBe('wh-url');
    expect(await axeViolations(page)).toEqual([]);

    // The receiver's address: added, the secret shown once with focus on it.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(receiver.url);
    await tabTo(page, page.getByRole('button', { name: 'Legg til endepunktet' }));
    await page.keyboard.press('Enter');
    const notice = page.locator('#wh-secret');
    await expect.poll(() => focused(page)).toBe('wh-secret');
    expect(await notice.innerText()).toContain('vises bare denne ene gangen');
    receiver.secret = await notice.locator('code').innerText();
    expect(receiver.secret).toMatch(/^whsec_/);
    const endpoint = page.getByRole('region', { name: receiver.url });
    expect(await endpoint.innerText()).toContain('aktiv');
    expect(await endpoint.innerText()).toContain('Samtykke gitt i et skjema');
    expect(await axeViolations(page)).toEqual([]);

    // A visitor's consent on the demo site reaches the receiver (signed with the secret shown) and shows in the list.
    const visitor = await e2e.browser.newContext({ locale: 'nb-NO' });
    await signUp(await visitor.newPage(), e2e.server.url);
    await visitor.close();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    expect(receiver.rejected).toEqual([]);
    expect(receiver.received[0]!.payload.type).toBe('consent.granted');
    const refresh = page.getByRole('button', { name: 'Oppdater listen' });
    await expect.poll(async () => {
      await refresh.click();
      return endpoint.locator('tbody').innerText();
    }, { timeout: 10_000 }).toContain('levert, HTTP 204');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${shots}/console-webhooks-1440.png`, fullPage: true });
    await page.setViewportSize({ width: 1024, height: 900 });
    await page.screenshot({ path: `${shots}/console-webhooks-1024.png`, fullPage: true });
    // Shown once: after the page is opened again the secret is not there.
    await page.reload();
    await endpoint.waitFor();
    expect(await page.locator('#wh-secret').count()).toBe(0);
    expect(await page.getByText(receiver.secret).count()).toBe(0);

    // Resend, by keyboard: the receiver gets the same message again (same webhook-id).
    const resend = endpoint.getByRole('button', { name: /^Send på nytt Samtykke gitt i et skjema/ });
    await tabTo(page, resend);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'sendes på nytt nå' }).waitFor();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
    expect(receiver.received[1]!.id).toBe(receiver.received[0]!.id);
    await expect.poll(async () => {
      await refresh.click();
      return endpoint.locator('tbody td').nth(1).innerText();
    }, { timeout: 10_000 }).toBe('2');

    // A receiver that fails: the endpoint is shown failing, with the answer and when it is tried next.
    receiver.mode = 'fail';
    await endpoint.getByRole('button', { name: /^Send på nytt/ }).click();
    await expect.poll(async () => {
      await refresh.click();
      return endpoint.innerText();
    }, { timeout: 10_000 }).toMatch(/feiler \(1 feil på rad siden .+\)/);
    const row = endpoint.locator('tbody tr').first();
    expect(await row.locator('td').nth(2).innerText()).toContain('venter, HTTP 500');
    expect(await row.locator('td').nth(3).innerText()).toMatch(/\d{2}:\d{2}/);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${shots}/console-webhooks-failing-1024.png`, fullPage: true });
    receiver.mode = 'ok';

    // Delete: asked first (focus on the answer), then focus to the list's heading.
    await tabTo(page, endpoint.getByRole('button', { name: `Slett endepunktet ${receiver.url}` }));
    await page.keyboard.press('Enter');
    await page.getByText(`Slette endepunktet ${receiver.url}?`).waitFor();
    await expect.poll(() => focusedText(page)).toBe('Ja, slett');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `Endepunktet ${receiver.url} er slettet.` }).waitFor();
    await expect.poll(() => focused(page)).toBe('wh-list-h');
    expect(await page.getByText('Nettstedet har ingen webhook-endepunkter ennå.').count()).toBe(1);
    expect(await e2e.server.store.listWebhookEndpoints(SITE)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads in English, with the refusal at the field in English', async () => {
    const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    await signIn(page, e2e.server.url);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 2, name: 'Add an endpoint' }).waitFor();
    await page.getByLabel('Address (https://)').fill('not a url');
    await page.getByRole('checkbox', { name: /Cookie choice/ }).check();
    await page.getByRole('button', { name: 'Add the endpoint' }).click();
    await page.locator('#wh-url-error').waitFor();
    expect(await page.locator('#wh-url-error').innerText()).toMatch(/^This is not a whole web address\..*The server said: \S/);
    expect(await page.getByRole('heading', { level: 2, name: 'Endpoints' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
