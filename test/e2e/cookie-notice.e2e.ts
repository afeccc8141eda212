import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from '../setup/browser.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';
import { axeViolations } from '../setup/axe.ts';


type Probe = Window & { __stats?: number; __ads?: number; __cls?: number };

/** The cookie-choice records of one browser, straight from the SQLite file. */
function choicesOf(dbPath: string, consentId: string) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(`SELECT e.event_id, e.purposes, e.basis, t.text FROM consent_events e LEFT JOIN notice_texts t ON t.hash = e.text_hash WHERE e.kind = 'cookie-choice' AND e.consent_id = ? ORDER BY e.seq`)
      .all(consentId) as { event_id: string; purposes: string; basis: string; text: string | null }[];
  } finally {
    db.close();
  }
}

/** What has focus, looking through shadow roots, as a screen reader would name it. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement as HTMLElement | null;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement as HTMLElement;
    if (!el) return '';
    const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '';
    return label.trim();
  });

/** Presses Tab (or Shift+Tab) until the named control has focus: the keyboard is the only input. */
async function tabTo(page: Page, name: string, back = false): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if ((await focused(page)) === name) return;
  }
  throw new Error(`could not reach "${name}" with the keyboard`);
}

const probe = (page: Page) => page.evaluate(() => ({ stats: (window as Probe).__stats, ads: (window as Probe).__ads, cookie: document.cookie }));
const consentId = (page: Page) => page.evaluate(() => (JSON.parse(localStorage.getItem('samtykke:choice') ?? '{}') as { consentId?: string }).consentId);

describe('the cookie notice in a real browser', () => {
  const e2e = realBrowserAndServer();

  it('blocks until a choice, honours reject, choose and withdrawal, without layout shift or axe violations, by keyboard alone', async () => {
    const errors: string[] = [];
    const visit = async () => {
      const context = await e2e.browser.newContext();
      // Records layout shifts from the very start of every page.
      await context.addInitScript(() => {
        (window as Probe).__cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) (window as Probe).__cls! += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      return page;
    };

    // 1. First visit: nothing runs before a choice; the notice appears without moving the page.
    const a = await visit();
    await a.goto(`${e2e.server.url}/`);
    await a.getByRole('button', { name: 'Godta alle' }).waitFor();
    await a.waitForTimeout(600);
    expect(await probe(a)).toMatchObject({ stats: undefined, ads: undefined });
    expect(await a.evaluate(() => (window as Probe).__cls)).toBe(0);
    expect(await axeViolations(a)).toEqual([]);

    // 2. "Avvis alle" by keyboard: neither runs here or on the next page, and it does not ask again.
    await tabTo(a, 'Avvis alle');
    await a.keyboard.press('Enter');
    await a.getByRole('button', { name: 'Personvern', exact: true }).waitFor();
    expect(await probe(a)).toMatchObject({ stats: undefined, ads: undefined });
    const rejecter = (await consentId(a))!;
    await a.goto(`${e2e.server.url}/kontakt.html`);
    await a.getByRole('button', { name: 'Personvern', exact: true }).waitFor();
    await a.waitForTimeout(300);
    expect(await probe(a)).toMatchObject({ stats: undefined, ads: undefined });
    expect(await a.getByRole('button', { name: 'Godta alle' }).count()).toBe(0);

    // 3. A new visitor: "Velg selv", statistics only.
    const b = await visit();
    await b.goto(`${e2e.server.url}/`);
    await b.getByRole('button', { name: 'Velg selv' }).waitFor();
    await tabTo(b, 'Velg selv');
    await b.keyboard.press('Enter');
    await b.getByRole('dialog').waitFor();
    expect(await focused(b)).toBe('Lukk');
    expect(await axeViolations(b)).toEqual([]);
    // Escape leaves without a choice, and focus goes back to where it was.
    await b.keyboard.press('Escape');
    await eventually(async () => ((await focused(b)) === 'Velg selv' ? true : undefined));
    expect(await b.getByRole('dialog').count()).toBe(0);
    await b.keyboard.press('Enter');
    await b.getByRole('dialog').waitFor();
    await tabTo(b, 'Statistikk');
    await b.keyboard.press('Space');
    expect(await b.getByRole('switch', { name: 'Statistikk' }).isChecked()).toBe(true);
    expect(await b.getByRole('switch', { name: 'Markedsføring' }).isChecked()).toBe(false);
    await tabTo(b, 'Lagre valgene');
    await b.keyboard.press('Enter');
    await eventually(async () => ((await probe(b)).stats === 1 ? true : undefined));
    expect(await probe(b)).toMatchObject({ stats: 1, ads: undefined });
    expect((await probe(b)).cookie).toContain('nf_stats=');
    await b.goto(`${e2e.server.url}/webinar.html`);
    await eventually(async () => ((await probe(b)).stats === 1 ? true : undefined));
    expect((await probe(b)).ads).toBeUndefined();

    // 4. Withdrawal from the "Personvern" button: the cookie goes and the script stays off on the next page.
    await tabTo(b, 'Personvern', true);
    await b.keyboard.press('Enter');
    await b.getByRole('dialog').waitFor();
    await tabTo(b, 'Statistikk');
    await b.keyboard.press('Space');
    await tabTo(b, 'Lagre valgene');
    await b.keyboard.press('Enter');
    await eventually(async () => ((await focused(b)) === 'Personvern' ? true : undefined));
    expect((await probe(b)).cookie).not.toContain('nf_stats');
    await b.goto(`${e2e.server.url}/crm-guide.html`);
    await b.getByRole('button', { name: 'Personvern', exact: true }).waitFor();
    await b.waitForTimeout(300);
    expect(await probe(b)).toMatchObject({ stats: undefined, ads: undefined });
    const chooser = (await consentId(b))!;

    // 5. Each choice is in the database once, pointing at the stored notice text.
    const rejected = await eventually(() => {
      const rows = choicesOf(e2e.server.dbPath, rejecter);
      return rows.length ? rows : undefined;
    });
    const chosen = await eventually(() => {
      const rows = choicesOf(e2e.server.dbPath, chooser);
      return rows.length === 2 ? rows : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(choicesOf(e2e.server.dbPath, rejecter)).toHaveLength(1);
    expect(choicesOf(e2e.server.dbPath, chooser)).toHaveLength(2);
    expect(JSON.parse(rejected[0]!.purposes)).toEqual([{ purpose: 'statistics', decision: 'declined' }, { purpose: 'marketing', decision: 'declined' }]);
    expect(chosen.map((r) => JSON.parse(r.purposes))).toEqual([
      [{ purpose: 'statistics', decision: 'granted' }, { purpose: 'marketing', decision: 'declined' }],
      [{ purpose: 'statistics', decision: 'withdrawn' }, { purpose: 'marketing', decision: 'declined' }],
    ]);
    expect(chosen[0]!.text).toContain('Godta alle');
    expect(errors).toEqual([]);
  });
  it('keeps both layers readable in dark scheme on a site that themes only its light accent', async () => {
    // Reduced motion: axe should judge the settled notice, not a frame of its fade-in.
    const context = await e2e.browser.newContext({ colorScheme: 'dark', reducedMotion: 'reduce' });
    const page = await context.newPage();
    // The demo sets --samtykke-accent to its dark brand blue, as many sites would.
    await page.goto(`${e2e.server.url}/kontakt.html`);
    await page.getByRole('button', { name: /Avvis alle/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /Velg selv/ }).click();
    await page.getByRole('switch').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('puts a placeholder in the place of a frame waiting for consent, not beside a blank box, and shows the frame when asked', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/`);
    const placeholder = page.locator('[data-samtykke-embed]');
    await placeholder.waitFor();
    const frame = page.locator('iframe.embed');
    // demo/assets/site.css gives .embed display:block, which beats the hidden attribute's default.
    expect(await frame.evaluate((f) => getComputedStyle(f).display)).toBe('none');
    const place = (await placeholder.boundingBox())!;
    const next = (await page.locator('iframe.embed + *').boundingBox())!;
    expect(next.y - (place.y + place.height)).toBeLessThan(40);
    await placeholder.getByRole('button').click();
    await expect.poll(() => frame.evaluate((f) => ({ display: getComputedStyle(f).display, src: f.getAttribute('src') }))).toEqual({ display: 'block', src: '/assets/video.html' });
    expect(await placeholder.count()).toBe(0);
    await context.close();
  });
});
