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
});
