import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from '../setup/browser.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const consoleViolations: string[] = [];
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && consoleViolations.push(m.text()));
  return async () => [...consoleViolations, ...((await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp).catch(() => [])) ?? [])];
}

describe('the widget under a strict Content-Security-Policy', () => {
  const e2e = realBrowserAndServer();

  it("runs the notice, the consent box and the chat with no 'unsafe-inline' or 'unsafe-eval' and no violation", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const violations = await watchCsp(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    const response = await page.goto(`${e2e.server.url}/strict/kontakt.html`);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');

    // The notice, drawn with constructable stylesheets only.
    await page.getByRole('button', { name: /Avvis alle/ }).click();
    // The consent box, in the site's own form.
    await page.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ }).check();
    await page.getByLabel('Navn').fill('Streng Nordmann');
    await page.getByLabel('E-post', { exact: true }).fill('streng@example.no');
    expect(await violations()).toEqual([]);
    await Promise.all([page.waitForURL('**/demo/thanks'), page.getByRole('button', { name: 'Kontakt meg' }).click()]);
    await eventually(() => {
      const db = new Database(e2e.server.dbPath, { readonly: true });
      try {
        const row = db.prepare("SELECT count(*) AS n FROM consent_events e JOIN subjects s ON s.id = e.subject_id WHERE s.email = 'streng@example.no'").get() as { n: number };
        return row.n === 1 ? true : undefined;
      } finally {
        db.close();
      }
    });

    // The chat: its chunk, its styles and its answers.
    await page.goto(`${e2e.server.url}/strict/index.html`);
    await page.getByRole('button', { name: 'Personvernchat' }).click();
    const chat = page.getByRole('dialog', { name: 'Personvernchat' });
    await chat.getByLabel('Skriv et spørsmål').fill('hvem deler dere opplysningene med');
    await page.keyboard.press('Enter');
    await chat.getByRole('log').getByRole('link', { name: /Les mer/ }).first().waitFor();
    // The preferences dialog (Preact) too.
    await page.getByRole('button', { name: 'Personverninnstillinger' }).click();
    await page.getByRole('dialog', { name: /informasjonskapsler|personvern/i }).first().waitFor();

    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
