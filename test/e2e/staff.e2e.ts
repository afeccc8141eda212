/**
 * Staff per site in a real browser: an owner of one customer's site sees that site and its staff
 * only, changes a role and adds a person by keyboard alone, in Bokmål and English, axe clean.
 * SCREENSHOTS=<folder> keeps pictures of the staff section at desktop and phone widths.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { siteSettings } from '../../server/testing.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';
import { axeViolations } from '../setup/axe.ts';

const DEMO = 'pk_demo_nettfokus';
const OTHER = 'pk_annen_kunde1';
const OWNER = { email: 'eier@nettfokus.example', password: 'et-langt-passord-for-eieren' };
const AGENT = { email: 'agent@nettfokus.example', password: 'et-langt-passord-for-agenten' };
const STRANGER = { email: 'eier@annen-kunde.example', password: 'et-langt-passord-for-den-andre' };

/** The focused control's name: its label, else its aria-label, else its text. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el || el === document.body) return '';
    return (el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  });

async function tabTo(page: Page, name: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedName(page)).startsWith(name)) return;
  }
  throw new Error(`could not reach "${name}" with the keyboard`);
}

async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOTS;
  if (!dir) return;
  for (const [width, height, label] of [[1280, 900, 'desktop'], [390, 844, 'phone']] as const) {
    await page.setViewportSize({ width, height });
    await page.locator('#staff-h').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(dir, `${name}-${label}.png`), fullPage: false });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('staff per site in the console', () => {
  const e2e = realBrowserAndServer();
  beforeAll(async () => {
    const passwords = createPasswordHasher({ N: 2 ** 12 });
    const { store } = e2e.server;
    await store.upsertSite(siteSettings({ key: OTHER, name: 'Annen Kunde AS', origins: ['https://annen.example'] }));
    await store.createAccount({ email: OWNER.email, sites: [{ site: DEMO, role: 'owner' }], passwordHash: await passwords.hash(OWNER.password) });
    await store.createAccount({ email: AGENT.email, sites: [{ site: DEMO, role: 'agent' }], passwordHash: await passwords.hash(AGENT.password) });
    await store.createAccount({ email: STRANGER.email, sites: [{ site: OTHER, role: 'owner' }], passwordHash: await passwords.hash(STRANGER.password) });
  });

  it('shows an owner their own site and its staff only, and lets them change a role and add a person by keyboard, in nb and en', async () => {
    // axe is injected as an inline script, which the console's CSP refuses: this context lets it in.
    const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));

    await page.goto(`${e2e.server.url}/console`);
    await page.getByLabel('E-postadresse').fill(OWNER.email);
    await page.getByLabel('Passord').fill(OWNER.password);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();
    await page.getByRole('link', { name: 'Innstillinger' }).click();
    const table = page.getByRole('table', { name: 'Ansatte og rollene deres per nettsted' });
    await table.getByRole('row', { name: new RegExp(AGENT.email) }).waitFor();

    // Only the owner's site in the picker, only its staff in the table, no administrator's "add a site".
    expect(await page.getByLabel('Nettsted', { exact: true }).locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual([DEMO]);
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['E-post', 'Nettfokus', 'Konto']);
    expect(await table.getByText(STRANGER.email).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Legg til et nettsted' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'staff-nb');

    // The agent becomes an owner: Tab to their role picker, the arrow key picks the next role.
    await page.locator('body').focus();
    await tabTo(page, `Rollen til ${AGENT.email} på Nettfokus`);
    await page.keyboard.press('ArrowDown');
    await page.getByRole('status').filter({ hasText: `${AGENT.email} er nå eier på Nettfokus.` }).waitFor();
    expect(await focusedName(page)).toBe(`Rollen til ${AGENT.email} på Nettfokus`);
    expect((await e2e.server.store.findAccountForLogin(AGENT.email))!.sites).toEqual([{ site: DEMO, role: 'owner' }]);

    // A new agent, by keyboard; the one-time password is shown once and takes focus.
    await tabTo(page, 'E-post');
    await page.keyboard.type('ny.ansatt@nettfokus.example');
    await tabTo(page, 'Lag konto');
    await page.keyboard.press('Enter');
    const created = page.locator('#staff-created');
    await created.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('staff-created');
    expect(await created.innerText()).toMatch(/^Kontoen til ny\.ansatt@nettfokus\.example er laget\..* [A-Za-z0-9_-]{24}$/);
    expect((await e2e.server.store.findAccountForLogin('ny.ansatt@nettfokus.example'))!.sites).toEqual([{ site: DEMO, role: 'agent' }]);
    await table.getByRole('row', { name: /ny\.ansatt@nettfokus\.example/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The same page in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Staff', exact: true }).waitFor();
    expect(await page.getByRole('table', { name: 'Staff and their role on each site' }).getByRole('columnheader').allInnerTexts()).toEqual(['Email', 'Nettfokus', 'Account']);
    expect(await page.getByLabel(`Role of ${AGENT.email} on Nettfokus`).inputValue()).toBe('owner');
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'staff-en');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
