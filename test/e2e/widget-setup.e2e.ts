/**
 * Issue 18 in a real browser: what a new site owner and a keyboard or phone visitor meet. The host
 * pages are demo/kontakt.html with its tag swapped for the form under test, served through
 * playwright's routing on an origin of the test's choosing, while the script and the API are the
 * real server's.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from '../setup/browser.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';
import { axeViolations } from '../setup/axe.ts';

const DEMO_SITE = 'pk_demo_nettfokus';
const KONTAKT = fs.readFileSync('demo/kontakt.html', 'utf8');
const TAG = /<script src="\/s\/pk_demo_nettfokus\.js"[^>]*><\/script>/;

/** A context whose `origin` serves kontakt.html with `tag` in place of ours; everything else from the real server. */
async function hostPage(context: BrowserContext, origin: string, serverUrl: string, tag: string): Promise<void> {
  await context.route(`${origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/kontakt.html') await route.fulfill({ contentType: 'text/html; charset=utf-8', body: KONTAKT.replace(TAG, tag) });
    else await route.fulfill({ response: await route.fetch({ url: `${serverUrl}${url.pathname}` }) });
  });
}

/**
 * A real server of the site's own on another loopback port (an origin the demo site does not list),
 * serving demo/ with kontakt.html carrying `tag`. Real, not routed: Chromium's local-network checks
 * keep a routed page from reaching the loopback test server.
 */
async function otherOrigin(tag: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname;
    if (name === '/kontakt.html') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(KONTAKT.replace(TAG, tag));
    const file = path.join('demo', path.normalize(name));
    if (!file.startsWith('demo/') || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file.endsWith('.css') ? 'text/css' : 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Every console message and page error, for counting what a site owner would read. */
function consoleOf(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
  return lines;
}

const hasWidget = (page: Page) => page.evaluate(() => !!document.getElementById('samtykke-root'));

/** The focused element's name, looking through shadow roots. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement as HTMLElement | null;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
    if (!el || el === document.body) return 'BODY';
    return (el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '').trim();
  });

const noticeBox = (page: Page) =>
  page.evaluate(() => {
    const r = document.getElementById('samtykke-root')?.shadowRoot?.querySelector('.sk-notice')?.getBoundingClientRect();
    return r && r.height > 0 ? { top: r.top, height: r.height } : undefined;
  });

describe('setting the widget up and meeting it, in a real browser (issue 18)', () => {
  const e2e = realBrowserAndServer();

  it.each([
    ['samtykke.js with data-site', (api: string) => `<script src="${api}/samtykke.js" data-site="pk_nobody_here_1" defer></script>`],
    ['the per-site script', (api: string) => `<script src="${api}/s/pk_nobody_here_1.js" defer></script>`],
  ])('a wrong site key (%s) shows no widget and logs one [samtykke] error that names the key', async (_, tag) => {
    const context = await e2e.browser.newContext();
    try {
      await hostPage(context, e2e.server.url, e2e.server.url, tag(e2e.server.url));
      const page = await context.newPage();
      const lines = consoleOf(page);
      await page.goto(`${e2e.server.url}/kontakt.html`);
      const ours = await eventually(() => (lines.some((l) => l.includes('[samtykke]')) ? lines.filter((l) => l.includes('[samtykke]')) : undefined));
      await page.waitForTimeout(500);
      expect(lines.filter((l) => l.includes('[samtykke]'))).toEqual(ours);
      expect(ours).toHaveLength(1);
      expect(ours[0]).toMatch(/^error: \[samtykke\] No site has the key pk_nobody_here_1/);
      expect(lines.some((l) => /CORS|Access-Control/i.test(l))).toBe(false);
      expect(await hasWidget(page)).toBe(false);
      // The form works as it would without us, with no gap left where the box would have gone.
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-samtykke-checkbox]')!).display)).toBe('none');
    } finally {
      await context.close();
    }
  });

  it.each([
    ['samtykke.js with data-site', (api: string) => `<script src="${api}/samtykke.js" data-site="${DEMO_SITE}" defer></script>`],
    ['the per-site script', (api: string) => `<script src="${api}/s/${DEMO_SITE}.js" defer></script>`],
  ])('a page on an origin the site does not allow (%s) shows no widget and logs one [samtykke] error that says where to allow it', async (_, tag) => {
    const context = await e2e.browser.newContext();
    const site = await otherOrigin(tag(e2e.server.url));
    try {
      const origin = site.url;
      const page = await context.newPage();
      const lines = consoleOf(page);
      await page.goto(`${origin}/kontakt.html`);
      const ours = await eventually(() => (lines.some((l) => l.includes('[samtykke]')) ? lines.filter((l) => l.includes('[samtykke]')) : undefined));
      await page.waitForTimeout(500);
      expect(lines.filter((l) => l.includes('[samtykke]'))).toEqual(ours);
      expect(ours).toHaveLength(1);
      expect(ours[0]).toContain(origin);
      expect(ours[0]).toMatch(/Allowed origins/);
      expect(lines.some((l) => /CORS|Access-Control/i.test(l))).toBe(false);
      expect(await hasWidget(page)).toBe(false);
    } finally {
      await context.close();
      await site.close();
    }
  });

  it('puts the notice first in the tab order, lets focus leave it, and gives focus back after a choice', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await hostPage(context, e2e.server.url, e2e.server.url, `<script src="${e2e.server.url}/s/${DEMO_SITE}.js" defer></script>`);
      const page = await context.newPage();
      const lines = consoleOf(page);
      await page.goto(`${e2e.server.url}/kontakt.html`);
      await eventually(() => noticeBox(page));
      // From the top of the page: the site's skip link, then the notice, before any other control of the site's.
      const order: string[] = [];
      for (let i = 0; i < 7; i++) {
        await page.keyboard.press('Tab');
        order.push(await focused(page));
      }
      // Not a trap: after the notice (and our chat button) Tab goes on to the site's own links.
      expect(order).toEqual(['Hopp til innholdet', 'Les personvernerklæringen', 'Godta alle', 'Avvis alle', 'Velg selv', 'Personvernchat', 'nettfokus']);
      expect(await axeViolations(page)).toEqual([]);
      // Back into the notice (from the chat button) and choose: focus goes back where it came from, not to <body>.
      for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Tab');
      expect(await focused(page)).toBe('Avvis alle');
      await page.keyboard.press('Enter');
      await eventually(async () => ((await noticeBox(page)) ? undefined : true));
      await eventually(async () => ((await focused(page)) === 'Personvernchat' ? true : undefined));
      expect(lines.filter((l) => l.startsWith('error') || l.startsWith('pageerror'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('gives focus back to the field the visitor was in when they chose with the mouse', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await hostPage(context, e2e.server.url, e2e.server.url, `<script src="${e2e.server.url}/s/${DEMO_SITE}.js" defer></script>`);
      const page = await context.newPage();
      await page.goto(`${e2e.server.url}/kontakt.html`);
      await eventually(() => noticeBox(page));
      await page.focus('#k-navn');
      await page.locator('#samtykke-root .sk-notice button', { hasText: 'Godta alle' }).click();
      await eventually(async () => ((await noticeBox(page)) ? undefined : true));
      await eventually(async () => ((await focused(page)) === 'Navn' ? true : undefined));
    } finally {
      await context.close();
    }
  });

  it('keeps the policy link readable on the dark panel: axe finds nothing in dark scheme either', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    try {
      await hostPage(context, e2e.server.url, e2e.server.url, `<script src="${e2e.server.url}/s/${DEMO_SITE}.js" defer></script>`);
      const page = await context.newPage();
      await page.goto(`${e2e.server.url}/kontakt.html`);
      await eventually(() => noticeBox(page));
      await page.waitForTimeout(300);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(['samtykke.js with data-site', 'the per-site script'])('on a 375 × 667 phone (%s) the notice takes at most 40 per cent of the screen and nothing of ours covers the site’s header', async (form) => {
    const context = await e2e.browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    try {
      const tag = form === 'the per-site script' ? `<script src="${e2e.server.url}/s/${DEMO_SITE}.js" defer></script>` : `<script src="${e2e.server.url}/samtykke.js" data-site="${DEMO_SITE}" defer></script>`;
      await hostPage(context, e2e.server.url, e2e.server.url, tag);
      const page = await context.newPage();
      await page.goto(`${e2e.server.url}/kontakt.html`);
      await eventually(() => noticeBox(page));
      // The notice chunk has taken over and published its height, so the chat button has moved above it.
      await eventually(() => page.evaluate(() => (document.getElementById('samtykke-root')?.shadowRoot?.querySelector('[data-part=notice] .sk-more') && getComputedStyle(document.getElementById('samtykke-root')!).getPropertyValue('--samtykke-notice-height') ? true : undefined)));
      await page.waitForTimeout(400);
      const box = (await noticeBox(page))!;
      expect(box.height).toBeLessThanOrEqual(0.4 * 667);
      const header = await page.evaluate(() => document.querySelector('header.site')!.getBoundingClientRect().bottom);
      const ours = await page.evaluate(() =>
        Array.from(document.getElementById('samtykke-root')!.shadowRoot!.querySelectorAll('button'))
          .filter((b) => !b.closest('.sk-notice') && b.getBoundingClientRect().height > 0)
          .map((b) => ({ name: b.getAttribute('aria-label') ?? b.textContent, top: b.getBoundingClientRect().top })),
      );
      for (const button of ours) expect(button.top, button.name ?? '').toBeGreaterThanOrEqual(header);
      // All three choices side by side, and the whole intro one press away.
      const rows = await page.evaluate(() => new Set(Array.from(document.getElementById('samtykke-root')!.shadowRoot!.querySelectorAll('.sk-actions .sk-btn')).map((b) => Math.round(b.getBoundingClientRect().top))).size);
      expect(rows).toBe(1);
      await page.locator('#samtykke-root .sk-more').click();
      expect(await page.evaluate(() => document.getElementById('samtykke-root')!.shadowRoot!.querySelector('.sk-intro')!.classList.contains('sk-open'))).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
