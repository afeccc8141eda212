import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations as axeOf } from '../setup/axe.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';

const axeViolations = (page: Page) => axeOf(page, [['#samtykke-root', '.skc-chat']]);
const SHOTS = process.env.SCREENSHOT_DIR;

describe('the chat answers like a person, in a real browser', () => {
  const e2e = realBrowserAndServer();

  it('answers an English question on a Norwegian-only policy in English, and a yes/no question with yes or no first', async () => {
    // The demo site with its Norwegian policy only, as a site that has no English text.
    const db = new Database(e2e.server.dbPath);
    db.prepare("DELETE FROM policies WHERE site = 'pk_demo_nettfokus' AND lang = 'en'").run();
    db.close();

    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const context = await e2e.browser.newContext({ viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${e2e.server.url}/kontakt.html`);
      const reject = page.getByRole('button', { name: /Avvis alle/ });
      await reject.click();
      await page.getByRole('button', { name: 'Personvernchat' }).click();
      const chat = page.getByRole('dialog', { name: 'Personvernchat' });
      const log = chat.getByRole('log');

      await chat.getByLabel('Skriv et spørsmål').fill('is my data sent to the USA?');
      await page.keyboard.press('Enter');
      const direct = log.locator('.skc-direct');
      await direct.first().waitFor();
      expect(await direct.first().textContent()).toBe('Yes. Personal data is transferred to USA, under SCC.');
      expect(await log.locator('.skc-answer-title').first().textContent()).toBe('Overføring til USA');
      // The Norwegian quote is marked as Norwegian for screen readers, and said to be so.
      expect(await log.locator('[lang="nb"] .skc-text').first().textContent()).toMatch(/blir personopplysninger overført til USA/);
      await log.getByText('The privacy policy is only in Norwegian, so the quote below is in Norwegian.').waitFor();

      await chat.getByLabel('Skriv et spørsmål').fill('selger dere opplysningene mine?');
      await page.keyboard.press('Enter');
      await eventuallyCount(direct, 2);
      expect(await direct.nth(1).textContent()).toMatch(/^Nei\. /);
      expect(await axeViolations(page)).toEqual([]);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/chat-${viewport.width}.png` });
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});

async function eventuallyCount(locator: ReturnType<Page['locator']>, n: number) {
  await locator.nth(n - 1).waitFor();
}
