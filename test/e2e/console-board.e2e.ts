/**
 * Issue 17 in Chromium: the request board (open/late by the one rule, counters, filters), a DPO
 * working an erasure (behind its question), an access request (export previewed first) and a
 * rectification (old → new, mailed to the requester) to completion by keyboard only, focus on the heading
 * after sign-in, page changes and actions, axe clean, in Bokmål and English. Screenshots of the
 * board, the inbox, a proof and the numbers at 1440 and 1024 px go to SHOTS_DIR when it is set.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RightsKind } from '../../protocol/index.ts';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { sha256Hex } from '../../server/util/crypto.ts';
import { axeViolations } from '../setup/axe.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';
import { focused, signInByKeyboard, tabTo } from '../setup/keyboard.ts';

const OWNER = { email: 'dpo@nettfokus.example', password: 'et-langt-passord-for-eieren' };
const SITE = 'pk_demo_nettfokus';
const DAY = 86_400_000;
/** The machine is shared: a server answer with a mail behind it may take a few seconds. */
const WAIT = { timeout: 15_000 };


describe('the request board in a real browser', () => {
  const e2e = realBrowserAndServer({ smtp: true });
  beforeAll(async () => {
    const passwords = createPasswordHasher({ N: 2 ** 12 });
    await e2e.server.store.createAccount({ email: OWNER.email, sites: [{ site: SITE, role: 'owner' }], passwordHash: await passwords.hash(OWNER.password) });
  });

  async function request(kind: RightsKind, name: string, email: string, dueInDays: number, receivedDaysAgo = 2, lang: 'nb' | 'en' = 'nb') {
    const store = e2e.server.store;
    const id = crypto.randomUUID();
    const received = new Date(Date.now() - receivedDaysAgo * DAY);
    await store.createRightsRequest({ id, site: SITE, tokenHash: sha256Hex(id), kind, lang, name, email, details: {}, conversationId: null, receivedAt: received });
    return store.markVerified(id, received, new Date(Date.now() + dueInDays * DAY), 'NF');
  }

  for (const lang of ['nb', 'en'] as const) {
    const s = lang === 'nb'
      ? { langButton: 'Norsk', email: 'E-postadresse', password: 'Passord', signIn: 'Logg inn', consents: 'Samtykker', requests: 'Henvendelser', reason: 'Begrunnelse', erase: 'Slett personopplysningene', eraseTitle: 'Slette personopplysningene til', eraseCancel: 'Avbryt', eraseConfirm: 'Slett for godt', preview: 'Forhåndsvis eksporten', previewSummary: /\d+ samtykker, \d+ chatsamtaler og \d+ henvendelser/, field: 'Opplysning', addRow: 'Legg til en rad', saveCorrections: 'Lagre rettingene', corrected: 'Dette har vi rettet:', complete: 'Marker som fullført', start: 'Start behandling', export: 'Lag eksport', done: 'fullført', closed: 'avsluttet', overdue: 'over fristen', counters: /åpne · \d+ med frist innen en uke · \d+ over fristen/, inbox: 'Innboks', numbers: 'Tall' }
      : { langButton: 'English', email: 'Email address', password: 'Password', signIn: 'Sign in', consents: 'Consents', requests: 'Requests', reason: 'Reason', erase: 'Erase the personal data', eraseTitle: 'Erase the personal data of', eraseCancel: 'Cancel', eraseConfirm: 'Erase for good', preview: 'Preview the export', previewSummary: /\d+ consents, \d+ chats and \d+ requests/, field: 'Data', addRow: 'Add a row', saveCorrections: 'Save the corrections', corrected: 'We corrected:', complete: 'Mark as completed', start: 'Start handling', export: 'Build export', done: 'completed', closed: 'closed', overdue: 'overdue', counters: /open · \d+ due within a week · \d+ overdue/, inbox: 'Inbox', numbers: 'Numbers' };

    it(`lets a DPO work an erasure, an access and a rectification request from the board to completion by keyboard (${lang})`, async () => {
      const erasure = await request('erasure', `Kari ${lang}`, `kari.${lang}@example.no`, 25);
      const access = await request('access', `Ola ${lang}`, `ola.${lang}@example.no`, 3);
      const rectification = await request('rectification', `Rita ${lang}`, `rita.${lang}@example.no`, 20, 1, lang);
      const late = await request('access', `Per ${lang}`, `per.${lang}@example.no`, -4, 40);
      const finished = await request('objection', `Eva ${lang}`, `eva.${lang}@example.no`, -10, 45);
      await e2e.server.store.transitionRequest(finished.id, ['verified'], 'completed', new Date(), 'test', {});

      const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      /**
       * The open request page at both desktop widths (Bokmål, when SHOTS_DIR is set), then
       * completed by keyboard: it says done, focus is on the heading, axe finds nothing.
       */
      const shootAndComplete = async (name: string) => {
        if (process.env.SHOTS_DIR && lang === 'nb') {
          for (const width of [1440, 1024]) {
            await page.setViewportSize({ width, height: 900 });
            await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}-${width}.png`, fullPage: true });
          }
          await page.setViewportSize({ width: 1440, height: 1000 });
        }
        await tabTo(page, s.complete);
        await page.keyboard.press('Enter');
        await expect.poll(() => page.locator('main dl').innerText(), WAIT).toContain(s.done);
        await expect.poll(() => focused(page), WAIT).toMatch(/^h1:/);
        expect(await axeViolations(page)).toEqual([]);
      };
      await page.goto(`${e2e.server.url}/console`);
      if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
      // Keyboard only from here.
      await signInByKeyboard(page, s.email, OWNER);
      await page.getByRole('heading', { name: s.consents, level: 1 }).waitFor();
      await expect.poll(() => focused(page), WAIT).toBe(`h1:${s.consents}`);

      await tabTo(page, s.requests);
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page), WAIT).toBe(`h1:${s.requests}`);
      await page.getByText(s.counters).waitFor();
      const rows = page.locator('tbody tr');
      await expect.poll(() => rows.allInnerTexts(), WAIT).toEqual(expect.arrayContaining([expect.stringContaining(late.reference!)]));
      const lateRow = (await rows.allInnerTexts()).find((r) => r.includes(late.reference!))!;
      expect(lateRow).toContain(s.overdue);
      expect(lateRow).toContain(`per.${lang}@example.no`);
      // Closed requests are not on the open board, and never overdue on the full one.
      expect((await rows.allInnerTexts()).some((r) => r.includes(finished.reference!))).toBe(false);
      await page.getByLabel(lang === 'nb' ? 'Vis' : 'Show').selectOption('all');
      await expect.poll(async () => (await rows.allInnerTexts()).find((r) => r.includes(finished.reference!)) ?? '', WAIT).toContain(s.closed);
      expect((await rows.allInnerTexts()).find((r) => r.includes(finished.reference!))).not.toContain(s.overdue);
      expect(await axeViolations(page)).toEqual([]);
      if (process.env.SHOTS_DIR && lang === 'nb') {
        await page.screenshot({ path: `${process.env.SHOTS_DIR}/board-1440.png`, fullPage: true });
        await page.setViewportSize({ width: 1024, height: 900 });
        await page.screenshot({ path: `${process.env.SHOTS_DIR}/board-1024.png`, fullPage: true });
        await page.setViewportSize({ width: 1440, height: 1000 });
      }

      // The erasure: open it, give a reason, erase, complete.
      await page.locator('main a', { hasText: erasure.reference! }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page), WAIT).toMatch(new RegExp(`^h1:.*${erasure.reference}`));
      await tabTo(page, s.reason);
      await page.keyboard.type(lang === 'nb' ? 'Personen ba om sletting (art. 17).' : 'The person asked to be erased (Art. 17).');
      await tabTo(page, s.erase);
      await page.keyboard.press('Enter');
      // The question names the person and what goes; focus starts on Cancel, Escape keeps everything.
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain(`${s.eraseTitle} Kari ${lang} <kari.${lang}@example.no>?`);
      await expect.poll(() => focused(page), WAIT).toBe(`button:${s.eraseCancel}`);
      expect(await axeViolations(page)).toEqual([]);
      if (process.env.SHOTS_DIR && lang === 'nb') await page.screenshot({ path: `${process.env.SHOTS_DIR}/erase-dialog-1440.png` });
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible(), WAIT).toBe(false);
      await expect.poll(() => focused(page), WAIT).toBe(`button:${s.erase}`);
      expect(await page.locator('main').innerText()).toContain(`kari.${lang}@example.no`);
      await page.keyboard.press('Enter');
      await dialog.waitFor();
      await page.keyboard.press('Tab');
      await expect.poll(() => focused(page), WAIT).toBe(`button:${s.eraseConfirm}`);
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page), WAIT).toMatch(/^h1:/);
      await expect.poll(() => page.locator('main').innerText(), WAIT).not.toContain(`kari.${lang}@example.no`);
      await tabTo(page, s.complete);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('main').innerText().then((x) => x.split('\n').slice(0, 12).join(' | ')), WAIT).toContain(s.done);
      await expect.poll(() => focused(page), WAIT).toMatch(/^h1:/);
      expect(await axeViolations(page)).toEqual([]);

      // The access request: start, build the export, complete.
      await page.goto(`${e2e.server.url}/console#/requests/${access.id}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await tabTo(page, s.start);
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page), WAIT).toMatch(/^h1:/);
      await tabTo(page, s.export);
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page), WAIT).toMatch(/^h1:/);
      // Looked over before completing releases it to the requester.
      await tabTo(page, s.preview);
      await page.keyboard.press('Enter');
      await page.getByText(s.previewSummary).waitFor(WAIT);
      expect(await page.locator('pre.export-json').innerText()).toContain(`ola.${lang}@example.no`);
      expect(await axeViolations(page)).toEqual([]);
      await shootAndComplete('request-access');
      expect(e2e.smtp.messages.some((m) => m.to.includes(`ola.${lang}@example.no`))).toBe(true);

      // The rectification: from the board, record two corrections old → new, complete; the mail lists them.
      await page.goto(`${e2e.server.url}/console#/requests`);
      await page.getByRole('heading', { name: s.requests, level: 1 }).waitFor();
      await page.locator('main a', { hasText: rectification.reference! }).waitFor(WAIT);
      await tabTo(page, rectification.reference!);
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page), WAIT).toMatch(new RegExp(`^h1:.*${rectification.reference}`));
      await tabTo(page, s.field);
      for (const text of [lang === 'nb' ? 'Adresse' : 'Address', 'Storgata 1', 'Storgata 10']) {
        await page.keyboard.type(text);
        await page.keyboard.press('Tab');
      }
      await tabTo(page, s.addRow);
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page), WAIT).toBe(`input:${s.field}`);
      for (const text of [lang === 'nb' ? 'Telefon' : 'Phone', '400 00 000', '411 11 111']) {
        await page.keyboard.type(text);
        await page.keyboard.press('Tab');
      }
      await tabTo(page, s.saveCorrections);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('table.corrections').innerText().catch(() => ''), WAIT).toContain('Storgata 10');
      await expect.poll(() => focused(page), WAIT).toMatch(/^h1:/);
      expect(await axeViolations(page)).toEqual([]);
      await shootAndComplete('request-rectification');
      await expect.poll(() => e2e.smtp.messages.find((m) => m.to.includes(`rita.${lang}@example.no`))?.text ?? '', WAIT).toContain(s.corrected);
      const fixedMail = e2e.smtp.messages.find((m) => m.to.includes(`rita.${lang}@example.no`))!.text;
      expect(fixedMail).toContain('«Storgata 1» → «Storgata 10»');
      expect(fixedMail).toContain('«400 00 000» → «411 11 111»');

      if (process.env.SHOTS_DIR && lang === 'nb') {
        for (const [name, hash] of [['inbox', '#/inbox'], ['numbers', '#/numbers'], ['consents', '#/consents']] as const) {
          for (const width of [1440, 1024]) {
            await page.setViewportSize({ width, height: 900 });
            await page.goto(`${e2e.server.url}/console${hash}`);
            await page.getByRole('heading', { level: 1 }).waitFor();
            await page.waitForTimeout(500);
            await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}-${width}.png`, fullPage: true });
          }
        }
      }
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }

  it('shows an owner what retention will delete and rotates the secret key with a grace period, by keyboard (nb)', async () => {
    const store = e2e.server.store;
    const subject = await store.ensureSubject(SITE, 'slettet@example.no', new Date(Date.now() - 40 * DAY));
    await store.eraseSubject(subject, new Date(Date.now() - 40 * DAY), new Date(Date.now() + 3 * DAY));
    const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/console`);
    await signInByKeyboard(page, 'E-postadresse', OWNER);
    await page.getByRole('heading', { name: 'Samtykker', level: 1 }).waitFor();
    await tabTo(page, 'Innstillinger');
    await page.keyboard.press('Enter');
    const retention = page.locator('section', { has: page.getByRole('heading', { name: 'Sletting som kommer' }) });
    await expect.poll(() => retention.innerText().catch(() => ''), WAIT).toContain('Slettede personer');
    expect(await retention.innerText()).not.toContain('slettet@example.no');
    await tabTo(page, 'Den gamle nøkkelen virker videre i');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.locator('#secret-grace').inputValue()).toBe('1h');
    await tabTo(page, 'Lag ny hemmelig nøkkel');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page), WAIT).toMatch(/^p:Ny hemmelig nøkkel/);
    await expect.poll(() => page.locator('#secret-grace-end').innerText(), WAIT).toMatch(/^Den forrige nøkkelen virker til \d+\. \w+\.? \d{4}/);
    expect(await axeViolations(page)).toEqual([]);
    if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/settings-1440.png`, fullPage: true });
    await context.close();
  }, 120_000);
});
