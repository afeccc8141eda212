import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchChromium } from '../setup/browser.ts';
import { startTestServer, type TestServer } from '../setup/server.ts';

/** Every request the page makes for the chat chunk, which must stay empty until the visitor asks for the chat. */
function watchChatChunk(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (/\/chunks\/chat-[^/]+\.js$/.test(new URL(r.url()).pathname)) seen.push(r.url());
  });
  return seen;
}

describe('the privacy chat in a real browser', () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('downloads the chat only when the launcher is clicked, keeps clear of the notice, and handles focus', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Chromium's own favicon request 404s on the demo and shows only as a console line; our requests are checked by status.
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    const chunk = watchChatChunk(page);
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));

    await page.goto(`${server.url}/`);
    const launcher = page.getByRole('button', { name: 'Personvernchat' });
    await launcher.waitFor();
    await page.waitForLoadState('networkidle');
    expect(chunk).toEqual([]);
    // No identifier and nothing stored for the chat before it is opened.
    expect(await page.evaluate(() => localStorage.getItem('samtykke:chat'))).toBeNull();
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('samtykke-chat');

    // The first-layer notice is open on a first visit: the launcher sits above its buttons.
    const reject = page.getByRole('button', { name: /Avvis alle/ });
    if (await reject.isVisible()) {
      const l = (await launcher.boundingBox())!;
      const notice = (await page.locator('.sk-notice').boundingBox())!;
      expect(l.y + l.height).toBeLessThanOrEqual(notice.y + 1);
    }

    await launcher.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Personvernchat' });
    await dialog.waitFor();
    expect(chunk).toHaveLength(1);
    await eventually(async () => ((await page.evaluate(() => document.getElementById('samtykke-root')?.shadowRoot?.activeElement?.id)) === 'skc-draft' ? true : undefined));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.getElementById('samtykke-root')?.shadowRoot?.activeElement?.getAttribute('aria-label'))).toBe('Personvernchat');
    expect(errors).toEqual([]);
    await context.close();
  });
});
