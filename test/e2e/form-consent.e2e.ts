import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { eventually } from '../setup/browser.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';

/** Reads the records as an auditor would: straight from the SQLite file, in its own connection. */
function recordsFor(dbPath: string, email: string) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT e.event_id, e.form_id, e.purposes, e.basis, e.page_url, t.text
           FROM consent_events e
           JOIN subjects s ON s.id = e.subject_id
           LEFT JOIN notice_texts t ON t.hash = e.text_hash
          WHERE s.email = ?`,
      )
      .all(email) as Array<{ event_id: string; form_id: string; purposes: string; basis: string; page_url: string; text: string | null }>;
  } finally {
    db.close();
  }
}

describe('the consent box in a real browser', () => {
  const e2e = realBrowserAndServer();

  it('appears on a first visit without moving anything on the page (layout shift 0)', async () => {
    for (const [width, height] of [[1280, 900], [800, 900], [375, 1500]] as const) {
      const context = await e2e.browser.newContext({ viewport: { width, height } });
      await context.addInitScript(() => {
        const w = window as Window & { __shifts?: number[] };
        w.__shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) w.__shifts!.push(e.value);
        }).observe({ type: 'layout-shift', buffered: true });
      });
      const page = await context.newPage();
      await page.goto(`${e2e.server.url}/kontakt.html`);
      await page.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ }).waitFor();
      await page.waitForTimeout(500);
      // The submit button is in view at this size, so a box pushed in above it would be a shift.
      const submit = (await page.getByRole('button', { name: 'Kontakt meg' }).boundingBox())!;
      expect(submit.y + submit.height).toBeLessThanOrEqual(height);
      expect(await page.evaluate(() => (window as Window & { __shifts?: number[] }).__shifts), `at ${width} px`).toEqual([]);
      await context.close();
    }
  });

  it('records a ticked box from a demo page, and a choice made while the server is down exactly once after it is back', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${e2e.server.url}/kontakt.html`);
    // The cookie notice overlays the bottom of the page until the visitor chooses; choose first, as a visitor would.
    await page.getByRole('button', { name: 'Avvis alle' }).click();
    const box = page.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ });
    await expect(box.isChecked()).resolves.toBe(false);
    await page.getByLabel('Navn').fill('Kari Nordmann');
    await page.getByLabel('E-post', { exact: true }).fill('kari@example.no');
    await box.check();
    await Promise.all([page.waitForURL('**/demo/thanks'), page.getByRole('button', { name: 'Kontakt meg' }).click()]);
    // The site's own backend received the choice and the receipt in the ordinary form post.
    await expect(page.locator('body').textContent()).resolves.toMatch(/samtykke_marketing\s*granted/);

    const first = await eventually(() => {
      const rows = recordsFor(e2e.server.dbPath, 'kari@example.no');
      return rows.length ? rows : undefined;
    });
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ form_id: 'kontakt-meg', basis: 'consent', page_url: `${e2e.server.url}/kontakt.html` });
    expect(JSON.parse(first[0]!.purposes)).toEqual([{ purpose: 'marketing-email', decision: 'granted' }]);
    expect(first[0]!.text).toContain('Ja, jeg vil gjerne');

    // The visitor opens the webinar page, then the server goes away before they submit.
    await page.goto(`${e2e.server.url}/webinar.html`);
    await page.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ }).check();
    await page.getByLabel('Navn').fill('Ola Nordmann');
    await page.getByLabel('E-post', { exact: true }).fill('ola@example.no');
    await e2e.server.stop();
    await page.getByRole('button', { name: 'Meld meg på' }).click();
    // Chromium lands on its own error page a moment later; let it, so the next goto is not interrupted.
    await page.waitForURL(/chrome-error/, { timeout: 5000 }).catch(() => {});
    expect(recordsFor(e2e.server.dbPath, 'ola@example.no')).toHaveLength(0);

    await e2e.server.restart();
    await page.goto(`${e2e.server.url}/`);
    const second = await eventually(() => {
      const rows = recordsFor(e2e.server.dbPath, 'ola@example.no');
      return rows.length ? rows : undefined;
    });
    // Give any duplicate delivery time to land before counting.
    await page.waitForTimeout(1500);
    expect(recordsFor(e2e.server.dbPath, 'ola@example.no')).toHaveLength(1);
    expect(second[0]).toMatchObject({ form_id: 'webinar-lead-til-kunde' });
    const outboxLeft = await page.evaluate(() => localStorage.getItem('samtykke:pending'));
    expect(outboxLeft).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  // The box's place is the site's own on the demo page, or the loader's when the page has none.
  const SITE_SLOT = '<div data-samtykke-checkbox></div>';
  // The demo's tag is the per-site script, which carries the site's settings; settings that cannot be
  // loaded are met with samtykke.js and data-site, which asks for them after it runs.
  const PER_SITE_TAG = '<script src="/s/pk_demo_nettfokus.js" async></script>';
  async function contactPage(options: { siteSlot: boolean; widget: boolean; failing?: string; tag?: string }) {
    const context = await e2e.browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const asked: string[] = [];
    page.on('request', (r) => void (r.url().includes('/config') && asked.push(r.url())));
    if (!options.siteSlot || options.tag) {
      await page.route('**/kontakt.html', async (route) => {
        const response = await route.fetch();
        let html = await response.text();
        expect(html).toContain(SITE_SLOT);
        expect(html).toContain(PER_SITE_TAG);
        if (!options.siteSlot) html = html.replace(SITE_SLOT, '');
        if (options.tag) html = html.replace(PER_SITE_TAG, options.tag);
        await route.fulfill({ response, body: html });
      });
    }
    if (!options.widget) await page.route('**/s/pk_demo_nettfokus.js', (route) => route.abort());
    // As a dead server, a 404 or a CSP would: the request fails.
    if (options.failing) await page.route(options.failing, (route) => route.abort('connectionrefused'));
    await page.goto(`${e2e.server.url}/kontakt.html`);
    const submitTop = async () => (await page.getByRole('button', { name: 'Kontakt meg' }).boundingBox())!.y;
    return { context, page, errors, asked, submitTop };
  }

  for (const [what, failing] of [
    ['the form chunk', '**/chunks/formConsent-*.js'],
    ["the site's settings", '**/v1/sites/*/config*'],
  ] as const) {
    for (const siteSlot of [true, false]) {
      it(`gives the kept space back when ${what} cannot be loaded (${siteSlot ? "the site's" : "the loader's"} place), and the form still sends`, async () => {
        // Where the submit button is on the same page without any place for a box and without the widget.
        const bare = await contactPage({ siteSlot: false, widget: false });
        const expected = await bare.submitTop();
        await bare.context.close();

        const tag = failing.includes('/config') ? '<script src="/samtykke.js" data-site="pk_demo_nettfokus" async></script>' : undefined;
        const { context, page, errors, asked, submitTop } = await contactPage({ siteSlot, widget: true, failing, tag });
        const slot = page.locator('[data-samtykke-checkbox]');
        await expect(slot.count()).resolves.toBe(1);
        await eventually(async () => ((await submitTop()) === expected ? true : undefined));
        await expect(slot.evaluate((el) => getComputedStyle(el).display)).resolves.toBe('none');
        // And it stays closed: no place put back, no settings asked for again and again.
        const askedBefore = asked.length;
        for (let i = 0; i < 15; i++) {
          await page.waitForTimeout(100);
          expect(await submitTop()).toBe(expected);
        }
        expect(asked.length - askedBefore).toBeLessThanOrEqual(1);
        await expect(page.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ }).count()).resolves.toBe(0);

        // The form is the site's own, and it sends as it would without us.
        if (failing.includes('formConsent')) await page.getByRole('button', { name: 'Avvis alle' }).click();
        await page.getByLabel('Navn').fill('Kari Nordmann');
        await page.getByLabel('E-post', { exact: true }).fill('kari.gap@example.no');
        await Promise.all([page.waitForURL('**/demo/thanks'), page.getByRole('button', { name: 'Kontakt meg' }).click()]);
        // The fields the site's backend received: its own, and none of ours.
        await expect(page.locator('th').allTextContents()).resolves.toEqual(['navn', 'epost', 'telefon', 'melding']);
        await expect(page.locator('body').textContent()).resolves.toContain('kari.gap@example.no');
        expect(errors).toEqual([]);
        await context.close();
      });
    }
  }
});
