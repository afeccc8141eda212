import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from '../setup/browser.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';
import { axeViolations as axeOf } from '../setup/axe.ts';

/** axe-core over the chat's own elements: the demo page and the cookie notice have their own tests. */
const axeViolations = (page: Page) => axeOf(page, [['#samtykke-root', '.skc-chat'], ['#samtykke-root', '.sk-launcher']]);

/** Every request the page makes for the chat chunk, which must stay empty until the visitor asks for the chat. */
function watchChatChunk(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (/\/chunks\/chat-[^/]+\.js$/.test(new URL(r.url()).pathname)) seen.push(r.url());
  });
  return seen;
}


describe('the privacy chat in a real browser', () => {
  const e2e = realBrowserAndServer({ smtp: true });

  it('downloads the chat only when the launcher is clicked, keeps clear of the notice, and handles focus', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Chromium's own favicon request 404s on the demo and shows only as a console line; our requests are checked by status.
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    const chunk = watchChatChunk(page);
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));

    await page.goto(`${e2e.server.url}/`);
    const launcher = page.getByRole('button', { name: 'Personvernchat' });
    await launcher.waitFor();
    await page.waitForLoadState('networkidle');
    expect(chunk).toEqual([]);
    // No identifier and nothing stored for the chat before it is opened.
    expect(await page.evaluate(() => localStorage.getItem('samtykke:chat'))).toBeNull();
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('samtykke-chat');

    // The first-layer notice is open on a first visit: the launcher sits above its buttons.
    await page.getByRole('button', { name: /Avvis alle/ }).waitFor();
    await eventually(async () => {
      const l = (await launcher.boundingBox())!;
      const notice = (await page.locator('.sk-notice').boundingBox())!;
      return l.y + l.height <= notice.y + 1 ? true : undefined;
    });

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

  it('answers from the policy, takes an erasure request verified by email, shows a staff reply live, and keeps it all across a reload', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const chunk = watchChatChunk(page);
    await page.goto(`${e2e.server.url}/kontakt.html`);
    const reject = page.getByRole('button', { name: /Avvis alle/ });
    if (await reject.isVisible().catch(() => false)) await reject.click();
    await page.waitForLoadState('networkidle');
    expect(chunk).toEqual([]);

    await page.getByRole('button', { name: 'Personvernchat' }).click();
    const chat = page.getByRole('dialog', { name: 'Personvernchat' });
    const log = chat.getByRole('log');

    // A question as people type it: no capitals, no question mark.
    await chat.getByLabel('Skriv et spørsmål').fill('hvor lenge lagrer dere opplysningene mine');
    await page.keyboard.press('Enter');
    await log.getByText('Hvor lenge lagrer vi opplysningene?', { exact: true }).waitFor();
    expect(await log.getByRole('link', { name: /Les mer/ }).last().getAttribute('href')).toMatch(/#hvor-lenge-lagrer-vi-opplysningene$/);

    // A quick-reply chip, answered without a conversation of its own.
    await chat.getByRole('button', { name: 'Overføres noe til USA?' }).click();
    await log.getByText('Overføring til USA', { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The question people ask most: the rights section answers, and a button, by keyboard, opens the access form.
    await chat.getByLabel('Skriv et spørsmål').fill('kan jeg se dataene mine');
    await page.keyboard.press('Enter');
    const suggest = log.getByRole('button', { name: 'Send en forespørsel om innsyn' });
    await suggest.waitFor();
    expect(await log.locator('.skc-answer-title').last().textContent()).toBe('Dine rettigheter');
    await suggest.focus();
    await page.keyboard.press('Enter');
    await chat.getByRole('heading', { name: 'Få en kopi av opplysningene om meg' }).waitFor();
    await eventually(async () => ((await page.evaluate(() => document.getElementById('samtykke-root')?.shadowRoot?.activeElement?.id)) === 'skc-f-name' ? true : undefined));
    expect(await axeViolations(page)).toEqual([]);
    await chat.getByRole('button', { name: 'Avbryt' }).click();
    await chat.getByRole('button', { name: 'Tilbake til chatten' }).click();

    // Erasure: only name and email, a summary, then the code from the mail.
    await chat.getByRole('button', { name: 'Send en forespørsel om dine data' }).click();
    await chat.getByRole('button', { name: 'Slette opplysningene om meg' }).click();
    await chat.getByLabel('Fullt navn').fill('Kari Nordmann');
    await chat.getByLabel('E-post').fill('kari.e2e@example.no');
    await chat.getByRole('button', { name: 'Se over' }).click();
    await chat.getByRole('heading', { name: 'Stemmer dette?' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await chat.getByRole('button', { name: 'Send forespørselen' }).click();
    const mail = await e2e.smtp.waitFor((m) => m.to.includes('kari.e2e@example.no'));
    const code = /\b(\d{6})\b/.exec(mail.subject)?.[1] ?? /\b(\d{6})\b/.exec(mail.text)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    // No personal data in the chat: the code step says nothing about whether the address is known.
    await chat.getByLabel('Kode fra e-posten').fill(code === '000000' ? '111111' : '000000');
    await chat.getByRole('button', { name: 'Bekreft' }).click();
    await chat.getByText('Koden stemmer ikke. Sjekk e-posten og prøv igjen.').waitFor();
    await chat.getByLabel('Kode fra e-posten').fill(code!);
    await chat.getByRole('button', { name: 'Bekreft' }).click();
    await chat.getByRole('heading', { name: 'Forespørselen er mottatt' }).waitFor();
    const reference = (await chat.locator('.skc-reference').textContent())!.trim();
    expect(reference).toMatch(/^NF-/);
    await chat.getByText('Bekreftet').waitFor();
    await chat.getByText('Svar senest').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await chat.getByRole('button', { name: 'Tilbake til chatten' }).click();

    // A member of staff answers through the API; the open chat shows it within 2 seconds.
    const admin = { Authorization: `Bearer ${e2e.server.adminToken}`, 'Content-Type': 'application/json' };
    const list = (await (await fetch(`${e2e.server.url}/admin/v1/conversations?site=pk_demo_nettfokus`, { headers: admin })).json()) as { conversations: Array<{ id: string }> };
    expect(list.conversations).toHaveLength(1);
    const posted = Date.now();
    const reply = await fetch(`${e2e.server.url}/admin/v1/conversations/${list.conversations[0]!.id}/messages`, { method: 'POST', headers: admin, body: JSON.stringify({ text: 'Hei Kari, vi har fått forespørselen din.' }) });
    expect(reply.status).toBe(201);
    await log.getByText('Hei Kari, vi har fått forespørselen din.').waitFor({ timeout: 2000 });
    expect(Date.now() - posted).toBeLessThan(2000);

    // Reload: the chat opens again with the conversation and the request's status.
    await page.reload();
    const again = page.getByRole('dialog', { name: 'Personvernchat' });
    await again.getByRole('log').getByText('Hei Kari, vi har fått forespørselen din.').waitFor();
    await again.getByRole('log').getByText('hvor lenge lagrer dere opplysningene mine').waitFor();
    await again.getByText(reference).waitFor();
    await context.close();
  });

  it('keeps messages typed offline and delivers them once, in order, when the connection is back (dark scheme)', async () => {
    const context = await e2e.browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/`);
    await page.getByRole('button', { name: 'Personvernchat' }).click();
    const chat = page.getByRole('dialog', { name: 'Personvernchat' });
    const field = chat.getByLabel('Skriv et spørsmål');
    await field.fill('hei, er det noen der');
    await page.keyboard.press('Enter');
    await eventually(async () => ((await chat.getByRole('log').locator('.skc-bot').count()) > 0 ? true : undefined));
    expect(await axeViolations(page)).toEqual([]);

    await context.setOffline(true);
    for (const text of ['første offline', 'andre offline', 'tredje offline']) {
      await field.fill(text);
      await page.keyboard.press('Enter');
    }
    await chat.getByText('Uten nett – meldingene sendes når du er tilbake').waitFor();
    await expect(chat.getByText('Venter på nett').count()).resolves.toBe(3);
    expect(await axeViolations(page)).toEqual([]);
    await context.setOffline(false);
    await chat.getByText('Tilkoblet', { exact: true }).waitFor({ timeout: 15_000 });
    await eventually(async () => ((await chat.getByText('Venter på nett').count()) === 0 ? true : undefined), 15_000);

    const admin = { Authorization: `Bearer ${e2e.server.adminToken}` };
    const list = (await (await fetch(`${e2e.server.url}/admin/v1/conversations?site=pk_demo_nettfokus`, { headers: admin })).json()) as { conversations: Array<{ id: string }> };
    const id = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('samtykke-chat');
          open.onsuccess = () => {
            const get = open.result.transaction('conversation').objectStore('conversation').get('pk_demo_nettfokus');
            get.onsuccess = () => resolve(get.result.id);
          };
        }),
    );
    expect(list.conversations.map((c) => c.id)).toContain(id);
    const stored = (await (await fetch(`${e2e.server.url}/admin/v1/conversations/${id}`, { headers: admin })).json()) as { messages: Array<{ author: string; text: string }> };
    const visitor = stored.messages.filter((m) => m.author === 'visitor').map((m) => m.text);
    expect(visitor).toEqual(['hei, er det noen der', 'første offline', 'andre offline', 'tredje offline']);
    await context.close();
  });
});
