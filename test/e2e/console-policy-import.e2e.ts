import { beforeAll, describe, expect, it } from 'vitest';
import { createOutboundGuard } from '../../server/services/outbound/index.ts';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { axeViolations } from '../setup/axe.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';

const OWNER = { email: 'dpo@nettfokus.example', password: 'et-langt-passord-for-eieren' };
const SITE = 'pk_demo_nettfokus';
const SHOTS = process.env.SCREENSHOT_DIR;

describe('importing the policy from the site in the console, in a real browser', () => {
  // The demo site's origins are the test server's own loopback address: the guard lets it through here only.
  const e2e = realBrowserAndServer({ outbound: createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true }) });
  beforeAll(async () => {
    const passwords = createPasswordHasher({ N: 2 ** 12 });
    await e2e.server.store.createAccount({ email: OWNER.email, sites: [{ site: SITE, role: 'owner' }], passwordHash: await passwords.hash(OWNER.password) });
  });

  it('imports by keyboard, says so, and shows the notice of a changed text', async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const context = await e2e.browser.newContext({ viewport, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${e2e.server.url}/console`);
      await page.getByLabel('E-postadresse').fill(OWNER.email);
      await page.getByLabel('Passord').fill(OWNER.password);
      await page.keyboard.press('Enter');
      await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();
      await page.getByRole('link', { name: 'Innstillinger' }).focus();
      await page.keyboard.press('Enter');

      const field = page.locator('#policy-import-nb-url');
      await field.waitFor();
      if (viewport.width === 1280) {
        // Keyboard only: type the address, Tab to Importer, Enter.
        await field.focus();
        await page.keyboard.type(`${e2e.server.url}/policy/${SITE}/nb`);
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Importer');
        await page.keyboard.press('Enter');
        await page.getByText('Importert.').waitFor();
        expect((await e2e.server.store.getPolicyImport(SITE, 'nb'))?.url).toBe(`${e2e.server.url}/policy/${SITE}/nb`);
        // As the daily re-read leaves it when the site's text changed.
        const entry = (await e2e.server.store.getPolicyImport(SITE, 'nb'))!;
        await e2e.server.store.putPolicyImport({ ...entry, changedAt: '2026-12-05T04:00:00.000Z' });
      } else {
        await page.getByText('Teksten på nettstedet ble endret (oppdaget 2026-12-05).', { exact: false }).waitFor();
      }
      expect(await axeViolations(page)).toEqual([]);
      if (SHOTS) {
        await field.evaluate((el) => el.closest('form')!.scrollIntoView());
        await page.screenshot({ path: `${SHOTS}/policy-import-${viewport.width}.png` });
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 240_000);
});
