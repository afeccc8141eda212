/**
 * What a visitor sees of the widget, at 1280 × 800 and 375 × 667, light and dark: the notice, the
 * second layer, the form's consent box and the chat, on the demo's kontakt.html and on a plain page
 * with no CSS (test/fixtures/plain-page.ts). axe-core must find nothing in any of them. With
 * SCREENSHOT_DIR set, each is also saved there as a PNG, for a person to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../setup/axe.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';
import { plainPage, PLAIN_PATH } from '../fixtures/plain-page.ts';

const SHOTS = process.env.SCREENSHOT_DIR;

async function look(page: Page, name: string): Promise<string[]> {
  // The notice and the dialogs rise in with a short animation; a person looks after it.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
  if (SHOTS) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  }
  return (await axeViolations(page)).map((v) => `${name}: ${v}`);
}

describe('the widget as a visitor sees it, in a real browser (issue 18)', () => {
  const e2e = realBrowserAndServer();

  for (const [site, pagePath] of [['demo', '/kontakt.html'], ['plain', PLAIN_PATH]] as const) {
    it(`shows notice, second layer, consent box and chat with nothing for axe to find (${site} page, two sizes, light and dark)`, async () => {
      const found: string[] = [];
      for (const [size, viewport, mobile] of [['desktop', { width: 1280, height: 800 }, false], ['phone', { width: 375, height: 667 }, true]] as const) {
        for (const colorScheme of ['light', 'dark'] as const) {
          const context = await e2e.browser.newContext({ viewport, colorScheme, isMobile: mobile, hasTouch: mobile });
          try {
            await context.route(`${e2e.server.url}${PLAIN_PATH}`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: plainPage('nb') }));
            const page = await context.newPage();
            const name = (what: string) => `${site}-${size}-${colorScheme}-${what}`;
            await page.goto(`${e2e.server.url}${pagePath}`);
            await page.locator('#samtykke-root .sk-notice').waitFor();
            found.push(...(await look(page, name('1-notice'))));

            await page.getByRole('button', { name: 'Velg selv' }).click();
            const prefs = page.getByRole('dialog').filter({ has: page.getByRole('switch') }).first();
            await prefs.waitFor();
            found.push(...(await look(page, name('2-second-layer'))));
            await prefs.getByRole('button', { name: /Lagre/ }).click();
            await prefs.waitFor({ state: 'detached' });

            const box = page.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ });
            await box.evaluate((el) => el.scrollIntoView({ block: 'center' }));
            found.push(...(await look(page, name('3-form-box'))));

            await page.getByRole('button', { name: 'Personvernchat' }).click();
            await page.getByRole('dialog', { name: 'Personvernchat' }).getByLabel('Skriv et spørsmål').waitFor();
            found.push(...(await look(page, name('4-chat'))));
          } finally {
            await context.close();
          }
        }
      }
      expect(found).toEqual([]);
    });
  }
});
