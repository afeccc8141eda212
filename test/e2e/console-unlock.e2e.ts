import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { axeViolations } from '../setup/axe.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';

const OWNER = { email: 'eier@nettfokus.example', password: 'et-langt-passord-for-eieren' };
const AGENT = { email: 'agent@nettfokus.example', password: 'et-langt-passord-for-agenten' };

/** The focused control's text, as a screen reader would start it. */
const focusedText = (page: Page) => page.evaluate(() => (document.activeElement?.textContent ?? '').trim());

describe('lifting a sign-in lock in the console', () => {
  const e2e = realBrowserAndServer();
  const signIn = (who: { email: string; password: string }) =>
    fetch(`${e2e.server.url}/console/api/login`, { method: 'POST', headers: { Origin: e2e.server.url, 'Content-Type': 'application/json' }, body: JSON.stringify(who) });

  beforeAll(async () => {
    const passwords = createPasswordHasher({ N: 2 ** 12 });
    await e2e.server.store.createAccount({ email: OWNER.email, role: 'owner', passwordHash: await passwords.hash(OWNER.password) });
    await e2e.server.store.createAccount({ email: AGENT.email, role: 'agent', passwordHash: await passwords.hash(AGENT.password) });
  });

  it('lets an owner lift a locked colleague\'s lock by keyboard alone, says so, keeps focus, and passes axe', async () => {
    for (let i = 0; i < 5; i += 1) expect((await signIn({ ...AGENT, password: 'feil-passord' })).status).toBe(401);
    expect((await signIn(AGENT)).status).toBe(429);

    // axe is injected as an inline script, which the console's CSP refuses: this context lets it in.
    const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
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
    const unlock = page.getByRole('button', { name: `Opphev innloggingssperre ${AGENT.email}` });
    await unlock.waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard only: Tab until the agent's unlock button has focus, then Enter.
    let reached = false;
    for (let i = 0; i < 200 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await unlock.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: `Innloggingssperren for ${AGENT.email} er opphevet.` }).waitFor();
    expect(await focusedText(page)).toBe(`Opphev innloggingssperre ${AGENT.email}`);
    expect(await axeViolations(page)).toEqual([]);
    await unlock.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.SCREENSHOT_DIR ?? '/tmp'}/console-unlock-desktop.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await unlock.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.SCREENSHOT_DIR ?? '/tmp'}/console-unlock-phone.png` });

    expect((await signIn(AGENT)).status).toBe(200);
    expect(errors).toEqual([]);
    await context.close();
  });
});
