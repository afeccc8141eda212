/**
 * Two-factor sign-in in a real browser, by keyboard only: an owner sets it up on their account page
 * (the code computed here from the key shown on the page), requires it for the demo site, signs
 * out and in again with a code and with a recovery code; then an agent is sent to set it up right
 * after the password, in English. The server's clock is the test's, moved a time step (30 s) on
 * where a fresh code is needed, since a code is good for one sign-in. The tests run in order.
 */
import { mkdir } from 'node:fs/promises';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { axeViolations } from '../setup/axe.ts';
import { launchChromium } from '../setup/browser.ts';
import { startTestServer, type TestServer } from '../setup/server.ts';

const OWNER = { email: 'eier@nettfokus.example', password: 'et-langt-passord-for-eieren' };
const AGENT = { email: 'agent@nettfokus.example', password: 'et-langt-passord-for-agenten' };
/** Set to a folder to keep screenshots of the enrolment page and the code step at 1440 and 390 px. */
const SHOTS = process.env.TWO_FACTOR_SHOTS;

let offset = 0;
const clock = () => new Date(Date.now() + offset);
const nextStep = () => (offset += 30_000);
const codeFor = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock().getTime() });

function watch(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  return errors;
}

const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el || el === document.body) return '';
    return (el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  });

async function tabTo(page: Page, name: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedName(page)).startsWith(name)) return;
  }
  throw new Error(`could not reach "${name}" with the keyboard`);
}

/** Email and password typed, Enter pressed: nothing but the keyboard. */
async function typePassword(page: Page, who: { email: string; password: string }, labels: { email: string; password: string }) {
  await tabTo(page, labels.email);
  await page.keyboard.type(who.email);
  await tabTo(page, labels.password);
  await page.keyboard.type(who.password);
  await page.keyboard.press('Enter');
}

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('two-factor sign-in in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let ownerSecret = '';
  let recovery: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ clock });
    browser = await launchChromium();
    const passwords = createPasswordHasher({ N: 2 ** 12 });
    await server.store.createAccount({ email: OWNER.email, sites: [{ site: 'pk_demo_nettfokus', role: 'owner' }], passwordHash: await passwords.hash(OWNER.password) });
    await server.store.createAccount({ email: AGENT.email, sites: [{ site: 'pk_demo_nettfokus', role: 'agent' }], passwordHash: await passwords.hash(AGENT.password) });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('sets two-factor up on the account page and requires it for the site, by keyboard, axe-clean (nb)', async () => {
    // axe is injected as an inline script, which the console's CSP refuses; the last test runs under the CSP.
    context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(`${server.url}/console`);
    await typePassword(page, OWNER, { email: 'E-postadresse', password: 'Passord' });
    await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();

    await tabTo(page, 'Min konto');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tofaktorinnlogging' }).waitFor();
    await tabTo(page, 'Slå på tofaktorinnlogging');
    await page.keyboard.press('Enter');
    await page.locator('#two-factor-secret').waitFor();
    // Focus moves to the first instruction, not back to the top of the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('two-factor-scan');
    expect(await page.locator('img.qr').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.getByRole('img', { name: 'QR-kode som legger kontoen til i en autentiseringsapp' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'enrolment-nb');

    ownerSecret = (await page.locator('#two-factor-secret').innerText()).replace(/\s/g, '');
    expect(ownerSecret).toMatch(/^[A-Z2-7]{32}$/);
    // A wrong code first: the error is read out and tied to the field, which keeps focus.
    await tabTo(page, 'Kode fra appen');
    await page.keyboard.type('000000');
    await page.keyboard.press('Enter');
    await page.getByText('Koden stemmer ikke').waitFor();
    expect(await focusedName(page)).toBe('Kode fra appen');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(codeFor(ownerSecret));
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Gjenopprettingskoder' }).waitFor();
    await expect.poll(() => focusedName(page)).toBe('Gjenopprettingskoder');
    recovery = (await page.locator('#recovery-codes li').allInnerTexts()).map((c) => c.trim());
    expect(recovery).toHaveLength(10);
    expect(await page.getByRole('link', { name: 'Last ned som tekstfil' }).getAttribute('download')).toBe('samtykke-gjenopprettingskoder.txt');
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, 'Jeg har lagret kodene');
    await page.keyboard.press('Enter');
    await page.getByText('Tofaktorinnlogging er slått på for kontoen din.').waitFor();
    await expect(page.locator('#recovery-codes').count()).resolves.toBe(0);
    await expect.poll(() => focusedName(page)).toBe('Tofaktorinnlogging');

    // Required for the demo site: a checkbox, ticked with the space bar.
    await tabTo(page, 'Krev tofaktorinnlogging for');
    await page.keyboard.press('Space');
    await expect.poll(() => server.store.siteRequiresTwoFactor('pk_demo_nettfokus')).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('signs in with the password and a code, refuses a wrong one, and takes a recovery code once (nb)', async () => {
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(`${server.url}/console`);
    await tabTo(page, 'Logg ut');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();

    await typePassword(page, OWNER, { email: 'E-postadresse', password: 'Passord' });
    await page.getByRole('heading', { name: 'Bekreft at det er deg' }).waitFor();
    // Focus waits in the code field: type and press Enter, nothing else.
    await expect.poll(() => focusedName(page)).toBe('Kode fra appen eller gjenopprettingskode');
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'code-step-nb');
    await page.keyboard.type('123 456');
    await page.keyboard.press('Enter');
    await page.getByText('Koden stemmer ikke').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    nextStep();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(codeFor(ownerSecret));
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();

    await tabTo(page, 'Logg ut');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
    await typePassword(page, OWNER, { email: 'E-postadresse', password: 'Passord' });
    await page.getByRole('heading', { name: 'Bekreft at det er deg' }).waitFor();
    await expect.poll(() => focusedName(page)).toBe('Kode fra appen eller gjenopprettingskode');
    await page.keyboard.type(recovery[0]!);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();
    await tabTo(page, 'Min konto');
    await page.keyboard.press('Enter');
    await page.getByText('9 av 10 gjenopprettingskoder er ubrukt.').waitFor();

    // The same recovery code a second time is refused.
    await tabTo(page, 'Logg ut');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
    await typePassword(page, OWNER, { email: 'E-postadresse', password: 'Passord' });
    await expect.poll(() => focusedName(page)).toBe('Kode fra appen eller gjenopprettingskode');
    await page.keyboard.type(recovery[0]!);
    await page.keyboard.press('Enter');
    await page.getByText('Koden stemmer ikke').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sends an agent of a site that requires it to set it up right after the password, then asks for a code (en)', async () => {
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(`${server.url}/console`);
    await tabTo(page, 'English');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await typePassword(page, AGENT, { email: 'Email address', password: 'Password' });
    await page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor();
    await page.locator('#two-factor-secret').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'enrolment-step-en');
    const secret = (await page.locator('#two-factor-secret').innerText()).replace(/\s/g, '');
    await tabTo(page, 'Code from the app');
    await page.keyboard.type(codeFor(secret));
    await page.keyboard.press('Enter');

    // Signed in, on the account page, with the codes shown once.
    await page.getByRole('heading', { name: 'Recovery codes' }).waitFor();
    await expect.poll(() => focusedName(page)).toBe('Recovery codes');
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, 'I have saved the codes');
    await page.keyboard.press('Enter');
    await page.getByText('A site you work on requires two-factor sign-in, so it cannot be switched off.').waitFor();

    await tabTo(page, 'Sign out');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await typePassword(page, AGENT, { email: 'Email address', password: 'Password' });
    await page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    await expect.poll(() => focusedName(page)).toBe('Code from the app or recovery code');
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'code-step-en');
    nextStep();
    await page.keyboard.type(codeFor(secret));
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the QR code under the console’s own Content-Security-Policy', async () => {
    const strict = await browser.newContext();
    const page = await strict.newPage();
    const errors = watch(page);
    await server.store.setSiteRequiresTwoFactor('pk_demo_nettfokus', false, clock());
    await server.store.removeTwoFactor((await server.store.findAccountForLogin(AGENT.email))!.id);
    await page.goto(`${server.url}/console`);
    await typePassword(page, AGENT, { email: 'E-postadresse', password: 'Passord' });
    await tabTo(page, 'Min konto');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Slå på tofaktorinnlogging');
    await page.keyboard.press('Enter');
    await page.locator('img.qr').waitFor();
    await expect.poll(() => page.locator('img.qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await strict.close();
  });
});
