import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { eventually } from '../setup/browser.ts';
import { axeViolations } from '../setup/axe.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';

const OWNER = { email: 'dpo@nettfokus.example', password: 'et-langt-passord-for-eieren' };
const SITE = 'pk_demo_nettfokus';
const SHOTS = process.env.SCREENSHOT_DIR;

/** Presses Tab until the element with this id has focus: the keyboard is the only input. */
async function tabToId(page: Page, id: string, max = 400): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
  }
  throw new Error(`could not reach #${id} with the keyboard`);
}

describe('the console’s policy map in a real browser', () => {
  const e2e = realBrowserAndServer();
  beforeAll(async () => {
    const passwords = createPasswordHasher({ N: 2 ** 12 });
    await e2e.server.store.createAccount({ email: OWNER.email, sites: [{ site: SITE, role: 'owner' }], passwordHash: await passwords.hash(OWNER.password) });
    // The customer's own policy, plain text as pasted.
    const text = await readFile(path.join(import.meta.dirname, '../fixtures/policies/nettfokus.txt'), 'utf8');
    const demo = (await e2e.server.store.getPolicy(SITE, 'nb'))!;
    await e2e.server.store.putPolicy({ ...demo, markdown: text });
  });

  it('shows each intent’s part, reply and the gaps, and takes an owner’s own answer by keyboard, which the chat then gives', async () => {
    // The phone first, looking only; then the desktop, where the owner also writes an answer.
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
      const context = await e2e.browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
      await page.goto(`${e2e.server.url}/console`);
      await page.getByLabel('E-postadresse').fill(OWNER.email);
      await page.getByLabel('Passord').fill(OWNER.password);
      await page.keyboard.press('Enter');
      await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();
      await page.getByRole('link', { name: 'Innstillinger' }).focus();
      await page.keyboard.press('Enter');

      const show = page.getByRole('button', { name: 'Vis hva chatten svarer (Bokmål)' });
      await show.waitFor();
      await tabToId(page, 'pm-show-nb');
      await page.keyboard.press('Enter');
      const map = page.getByRole('region', { name: 'Bokmål' });
      await map.waitFor();
      // The gaps, in words the owner can act on.
      await map.getByText('Erklæringen sier ikke noe om barn.', { exact: true }).waitFor();
      const retention = map.getByRole('group', { name: 'hvor lenge opplysningene lagres' });
      await retention.getByText('Chatten svarer fra «Hvor lenge tar vi vare på personopplysninger?».').waitFor();
      expect(await retention.locator('dd').nth(1).textContent()).toMatch(/^Personvernerklæringen oppgir denne fristen: 30 dager\./);
      expect(await axeViolations(page)).toEqual([]);
      if (SHOTS) {
        await map.evaluate((el) => el.scrollIntoView());
        await page.screenshot({ path: `${SHOTS}/policy-map-${viewport.width}.png` });
      }

      if (viewport.width === 1280) {
        // Keyboard only: to the own-answer field of retention, type, Tab to save, Enter.
        await tabToId(page, 'pm-nb-retention-answer');
        await page.keyboard.type('Vi sletter kundedata 12 måneder etter siste kjøp.');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await retention.getByText('Chatten gir ditt eget svar.').waitFor();
        expect(await retention.locator('dd').nth(1).textContent()).toBe('Vi sletter kundedata 12 måneder etter siste kjøp.');
        // Focus stays where the owner pressed.
        await eventually(async () => ((await page.evaluate(() => document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent)) === 'hvor lenge opplysningene lagres' ? true : undefined));
        expect(await axeViolations(page)).toEqual([]);
        if (SHOTS) await retention.screenshot({ path: `${SHOTS}/policy-map-own-answer.png` });
        const res = await fetch(`${e2e.server.url}/v1/sites/${SITE}/answers`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lang: 'nb', question: 'hvor lenge tar dere vare på e-posten min?' }) });
        expect(((await res.json()) as { answers: { excerpt: string }[] }).answers[0]?.excerpt).toBe('Vi sletter kundedata 12 måneder etter siste kjøp.');
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 240_000);
});
