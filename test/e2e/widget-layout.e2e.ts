/**
 * Issue 18's last rough edges, measured in a real browser: nothing of ours covers the site's header
 * or footer text, the chat's common questions are all reachable on a phone, and the place kept for
 * the consent box on a plain page is as high as the box. Two host pages: the demo's kontakt.html
 * as published (the per-site script), and a plain page with no CSS of its own
 * (test/fixtures/plain-page.ts), served on the test server's origin through playwright's routing.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../setup/axe.ts';
import { eventually } from '../setup/browser.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';
import { plainPage, PLAIN_PATH } from '../fixtures/plain-page.ts';

type Lang = 'nb' | 'en';
const PHONE = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

/** Serves the plain page in `lang` at PLAIN_PATH on the test server's origin (an origin the demo site allows). */
async function servePlainPage(context: BrowserContext, serverUrl: string, lang: Lang, renderBlocking = false): Promise<void> {
  await context.route(`${serverUrl}${PLAIN_PATH}`, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: plainPage(lang, { renderBlocking }) }));
}

/** Layout shifts not caused by input, from the page's start. */
async function recordShifts(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as Window & { __shifts?: number[] };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) w.__shifts!.push(e.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
}
const shifts = (page: Page) => page.evaluate(() => (window as Window & { __shifts?: number[] }).__shifts);

/** Two animation frames: scroll and resize handlers have run and their styles are drawn. */
const settled = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

type Box = { name: string; left: number; top: number; right: number; bottom: number };

/**
 * The boxes of every line of text in the page's `header` and `footer` (and role=banner/contentinfo)
 * that are on screen, and of every fixed button of ours (not the notice's, not the chat panel's)
 * that is drawn.
 */
const textAndButtons = (page: Page) =>
  page.evaluate(() => {
    const box = (name: string, r: DOMRect) => ({ name, left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const text: Box[] = [];
    for (const part of document.querySelectorAll('header,footer,[role=banner],[role=contentinfo]')) {
      const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.textContent?.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) if (r.width > 0 && r.bottom > 0 && r.top < innerHeight) text.push(box(node.textContent.trim(), r));
      }
    }
    const ours = Array.from(document.getElementById('samtykke-root')?.shadowRoot?.querySelectorAll('button') ?? [])
      .filter((b) => !b.closest('.sk-notice,.skc-chat') && b.getBoundingClientRect().height > 0)
      .map((b) => box(b.getAttribute('aria-label') ?? b.textContent ?? '', b.getBoundingClientRect()));
    return { text, ours };
  });

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Every fixed button of ours against every line of header and footer text on screen: the pairs that overlap. */
async function covered(page: Page): Promise<string[]> {
  const { text, ours } = await textAndButtons(page);
  expect(ours.length).toBeGreaterThan(0);
  return ours.flatMap((button) => text.filter((line) => overlaps(button, line)).map((line) => `${button.name} covers «${line.name}»`));
}

/** Chooses in the first layer (by its button name), so the "Personvern" button is drawn. */
async function choose(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('button', { name }).click();
  await eventually(() => page.evaluate(() => (document.getElementById('samtykke-root')?.shadowRoot?.querySelector('[data-samtykke-privacy]:not([hidden])') ? true : undefined)));
}

describe('the widget beside the site’s own page, in a real browser (issue 18)', () => {
  const e2e = realBrowserAndServer();

  for (const [what, path, lang] of [
    ['the demo’s kontakt.html', '/kontakt.html', 'nb'],
    ['a plain page with no CSS', PLAIN_PATH, 'nb'],
    ['a plain page with no CSS, in English', PLAIN_PATH, 'en'],
  ] as const) {
    it(`covers no header or footer text with "Personvern" or the chat button, at the top and scrolled to the end (${what})`, async () => {
      for (const options of [PHONE, DESKTOP]) {
        const context = await e2e.browser.newContext(options);
        try {
          await servePlainPage(context, e2e.server.url, lang);
          const page = await context.newPage();
          await page.goto(`${e2e.server.url}${path}`);
          await choose(page, lang === 'en' ? /^Reject all$/ : /^Avvis alle$/);
          await settled(page);
          expect(await covered(page), `${options.viewport.width} px, at the top`).toEqual([]);
          await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
          await settled(page);
          // The footer is in view, so the test looks at something.
          expect((await textAndButtons(page)).text.length).toBeGreaterThan(0);
          expect(await covered(page), `${options.viewport.width} px, scrolled to the end`).toEqual([]);
          // And back up, the footer out of view: the buttons return to their corner.
          await page.evaluate(() => window.scrollTo(0, 0));
          await settled(page);
          const back = await page.evaluate(() => ({
            footerTop: document.querySelector('footer')!.getBoundingClientRect().top,
            lift: getComputedStyle(document.getElementById('samtykke-root')!).getPropertyValue('--samtykke-footer-lift').trim(),
          }));
          expect(back.footerTop).toBeGreaterThan(options.viewport.height);
          expect(parseFloat(back.lift), `lift ${back.lift} at the top`).toBe(0);
        } finally {
          await context.close();
        }
      }
    });
  }

  for (const lang of ['nb', 'en'] as const) {
    it(`lets a phone reach every common question of the chat, by Tab and by scrolling, and shows that there are more (${lang})`, async () => {
      const context = await e2e.browser.newContext(PHONE);
      try {
        await servePlainPage(context, e2e.server.url, lang);
        const page = await context.newPage();
        await page.goto(`${e2e.server.url}${PLAIN_PATH}`);
        await choose(page, lang === 'en' ? /^Reject all$/ : /^Avvis alle$/);
        const chatName = lang === 'en' ? 'Privacy chat' : 'Personvernchat';
        await page.getByRole('button', { name: chatName }).click();
        const dialog = page.getByRole('dialog', { name: chatName });
        await dialog.waitFor();
        const group = dialog.getByRole('group', { name: lang === 'en' ? 'Common questions' : 'Vanlige spørsmål' });
        await group.waitFor();
        await settled(page);
        /** The row's visible box, the panel's, and each question's, as they are now. */
        const layout = () =>
          group.evaluate((el) => {
            const r = (e: Element) => {
              const b = e.getBoundingClientRect();
              return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
            };
            return {
              sideways: el.scrollWidth > el.clientWidth + 1,
              row: r(el),
              panel: r(el.closest('.skc-chat')!),
              chips: Array.from(el.querySelectorAll('button')).map((b) => ({ name: b.textContent ?? '', ...r(b) })),
            };
          });
        const first = await layout();
        expect(first.chips).toHaveLength(7);
        // No question runs off the panel's side, where nothing on a phone shows that it goes on.
        expect(first.sideways).toBe(false);
        for (const chip of first.chips) {
          expect(chip.left, chip.name).toBeGreaterThanOrEqual(first.panel.left);
          expect(chip.right, chip.name).toBeLessThanOrEqual(first.panel.right);
        }
        // The row shows whole questions and the top of the next line: a visible sign that it scrolls on.
        const shown = first.chips.filter((c) => c.top >= first.row.top && c.bottom <= first.row.bottom);
        const peeking = first.chips.filter((c) => c.top < first.row.bottom - 4 && c.bottom > first.row.bottom);
        expect(shown.length).toBeGreaterThan(0);
        if (shown.length < 7) expect(peeking.length, JSON.stringify(first)).toBeGreaterThan(0);
        // By keyboard: from the first question, Tab goes through all seven in order, each whole in view when it has focus.
        await group.getByRole('button').first().focus();
        const names: string[] = [];
        for (let i = 0; i < 7; i++) {
          await settled(page);
          const now = await layout();
          const active = await page.evaluate(() => document.getElementById('samtykke-root')!.shadowRoot!.activeElement?.textContent ?? '');
          const chip = now.chips.find((c) => c.name === active)!;
          expect(chip, active).toBeDefined();
          expect(chip.top, active).toBeGreaterThanOrEqual(now.row.top - 1);
          expect(chip.bottom, active).toBeLessThanOrEqual(now.row.bottom + 1);
          expect(chip.bottom, active).toBeLessThanOrEqual(667);
          names.push(active);
          await page.keyboard.press('Tab');
        }
        expect(names).toEqual(first.chips.map((c) => c.name));
        expect(await axeViolations(page, [['#samtykke-root', '.skc-chat']])).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  // Two ways of pasting the tag. As is (defer): on a page with no CSS to wait for, the browser may
  // paint before the script has arrived, so the place itself comes after the first paint and moves
  // what follows it once (docs/widget.md); what is checked is its height. With blocking="render" the
  // place is in the first paint, and drawing the box into it must move nothing: layout shift 0.
  for (const [lang, renderBlocking] of [['nb', false], ['en', false], ['nb', true], ['en', true]] as const) {
    it(`keeps a place for the consent box on a plain page exactly as high as the box${renderBlocking ? ', with no layout shift (blocking="render")' : ''} (${lang})`, async () => {
      for (const options of [DESKTOP, PHONE]) {
        const context = await e2e.browser.newContext(options);
        try {
          await recordShifts(context);
          await servePlainPage(context, e2e.server.url, lang, renderBlocking);
          const page = await context.newPage();
          await page.goto(`${e2e.server.url}${PLAIN_PATH}`);
          await page.getByRole('checkbox', { name: lang === 'en' ? /Yes, I would like/ : /Ja, jeg vil gjerne/ }).waitFor();
          await settled(page);
          const measured = await page.evaluate(() => {
            const slot = document.querySelector<HTMLElement>('[data-samtykke-checkbox]')!;
            const field = slot.shadowRoot!.querySelector('.field')!.getBoundingClientRect();
            const next = slot.nextElementSibling!.getBoundingClientRect();
            return { place: slot.getBoundingClientRect().height, box: field.height, gap: next.top - field.bottom, margin: parseFloat(getComputedStyle(slot).marginBottom) };
          });
          const at = `${options.viewport.width} px: ${JSON.stringify(measured)}`;
          expect(measured.box, at).toBeGreaterThan(0);
          expect(Math.abs(measured.place - measured.box), at).toBeLessThanOrEqual(2);
          // Between the drawn box and the submit button: the box's own margin, no empty lines.
          expect(Math.abs(measured.gap - measured.margin), at).toBeLessThanOrEqual(2);
          if (renderBlocking) expect(await shifts(page), at).toEqual([]);
        } finally {
          await context.close();
        }
      }
    });
  }
});
