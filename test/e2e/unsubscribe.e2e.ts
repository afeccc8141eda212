import { describe, expect, it } from 'vitest';
import { formEvent } from '../../server/testing.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';
import { axeViolations } from '../setup/axe.ts';
import { addedScriptRuns } from '../setup/browser.ts';

const SITE = 'pk_demo_nettfokus';

describe('the unsubscribe link in a real browser', () => {
  const e2e = realBrowserAndServer();

  it('is a page a person can read and use with the keyboard alone, under its strict CSP, and unsubscribes once', async () => {
    const store = e2e.server.store;
    const textHash = await store.putNoticeText('Ja takk, send meg nyheter og tilbud på e-post.', 'nb');
    await store.appendConsentEvents([{ site: SITE, event: formEvent(textHash, { subject: { email: 'per.hansen@example.no' } }), receivedAt: new Date(), source: 'browser' }]);
    expect(await store.marketingList(SITE)).toContain('per.hansen@example.no');
    const link = `${e2e.server.url}/u/${await store.unsubscribeToken(SITE, 'per.hansen@example.no')}`;

    // The CSP forbids axe's inline script: this context lets it in; the second one holds the CSP.
    const audit = await e2e.browser.newContext({ bypassCSP: true, locale: 'nb-NO' });
    const auditPage = await audit.newPage();
    await auditPage.goto(link);
    await auditPage.getByRole('heading', { name: /Meld deg av e-post fra/ }).waitFor();
    expect(await axeViolations(auditPage)).toEqual([]);
    await audit.close();

    const context = await e2e.browser.newContext({ locale: 'nb-NO' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(link);
    expect(await page.locator('main p').first().innerText()).toContain('p…n@example.no');
    expect(await store.marketingList(SITE)).toContain('per.hansen@example.no');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Meld meg av');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Ferdig' }).waitFor();
    expect(await store.marketingList(SITE)).not.toContain('per.hansen@example.no');
    // axe comes in through DevTools, past the CSP; a script the page itself adds does not run.
    expect(await axeViolations(page)).toEqual([]);
    expect(await addedScriptRuns(page)).toBe(false);
    // Back and again: still once.
    await page.goBack();
    await page.reload();
    expect(await page.getByRole('status').innerText()).toContain('er ikke på listen');
    const withdrawals = (await store.findConsentsByEmail('per.hansen@example.no', SITE)).filter((r) => r.purposes.some((p) => p.decision === 'withdrawn'));
    expect(withdrawals).toHaveLength(1);
    expect(problems.filter((p) => !p.includes('Content Security Policy'))).toEqual([]);
    await context.close();
  });
});
