/**
 * Issue 17, items 4, 6 and 7 in Chromium: a chain rewritten and re-hashed in the database is
 * caught against yesterday's signed digest, pasted by a DPO using only the keyboard, in Bokmål and
 * English, axe clean; the rewritten records' proofs carry a warning, on screen and in print; a
 * proof shows the notice as the person saw it and stored values in words; the numbers page draws
 * SVG charts whose bars do not overlap or leave the frame, with legends in words. Screenshots of
 * the proofs and the numbers at 1440 and 1024 px go to SHOTS_DIR when it is set.
 */
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../protocol/index.ts';
import { digestText, makeDigest } from '../../server/services/chain-digest.ts';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { siteConfigFor } from '../../server/services/site-config.ts';
import { tamperWithRecord } from '../../server/store/tamper.testing.ts';
import { cookieEvent, formEvent } from '../../server/testing.ts';
import { axeViolations } from '../setup/axe.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';
import { focused, signInByKeyboard, tabTo } from '../setup/keyboard.ts';

const OWNER = { email: 'dpo@nettfokus.example', password: 'et-langt-passord-for-eieren' };
const SITE = 'pk_demo_nettfokus';
const KEY = 'e2e-digest-key-0123456789abcdef0123456789';
const DAY = 86_400_000;
const WAIT = { timeout: 15_000 };


async function shoot(page: Page, name: string) {
  if (!process.env.SHOTS_DIR) return;
  for (const width of [1440, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

describe('proof, numbers and a tampered chain in a real browser', () => {
  const e2e = realBrowserAndServer({ digestKey: KEY });
  const ids = { form: '', cookie: '', rewritten: { seq: 0, id: '' }, firstNot: 0 };
  let yesterday = '';

  beforeAll(async () => {
    const store = e2e.server.store;
    const passwords = createPasswordHasher({ N: 2 ** 12 });
    await store.createAccount({ email: OWNER.email, sites: [{ site: SITE, role: 'owner' }], passwordHash: await passwords.hash(OWNER.password) });
    // The texts the widget would have shown, stored as it stores them.
    const site = (await store.getSite(SITE))!.settings;
    const config = await siteConfigFor(store, site, 'nb');
    const formHash = config.texts.marketingEmail.hash;
    const noticeHash = config.cookies!.hash;
    const add = async (event: ConsentEvent, daysAgo: number) => {
      await store.appendConsentEvents([{ site: SITE, event, receivedAt: new Date(Date.now() - daysAgo * DAY), source: 'browser' }]);
      return event.id;
    };
    // Three weeks of a newsletter form and two of a webinar form, enough per week to be drawn.
    for (const [form, weeksAgo, granted, declined] of [['nyhetsbrev', 3, 10, 15], ['nyhetsbrev', 2, 15, 15], ['nyhetsbrev', 1, 20, 10], ['webinar', 2, 10, 5], ['webinar', 1, 5, 10]] as const) {
      for (let i = 0; i < granted + declined; i++) {
        await add(formEvent(formHash, { subject: { email: `${form}${weeksAgo}-${i}@example.no` }, purposes: [{ purpose: 'marketing-email', decision: i < granted ? 'granted' : 'declined' }], collection: { formId: form, pageUrl: 'https://www.nettfokus.no/kontakt', clientTime: new Date().toISOString(), widgetVersion: '0.1.0' } }), weeksAgo * 7);
      }
    }
    for (let i = 0; i < 15; i++) {
      await add(cookieEvent(noticeHash, crypto.randomUUID(), { purposes: [{ purpose: 'statistics', decision: i < 10 ? 'granted' : 'declined' }, { purpose: 'marketing', decision: i < 5 ? 'granted' : 'declined' }, { purpose: 'followup', decision: i < 5 ? 'withdrawn' : 'declined' }] }), 2);
    }
    ids.form = await add(formEvent(formHash, { subject: { email: 'kari.nordmann@example.no' }, purposes: [{ purpose: 'marketing-email', decision: 'declined' }], collection: { formId: 'nyhetsbrev', pageUrl: 'https://www.nettfokus.no/kontakt', clientTime: new Date().toISOString(), widgetVersion: '0.1.0' } }), 1);
    ids.cookie = await add(cookieEvent(noticeHash, crypto.randomUUID(), { purposes: [{ purpose: 'statistics', decision: 'granted' }, { purpose: 'marketing', decision: 'declined' }, { purpose: 'followup', decision: 'declined' }] }), 1);
    // Yesterday's signed digest, as the DPO got it by mail and kept it.
    yesterday = digestText(await makeDigest(store, SITE, new Date(Date.now() - DAY), KEY));
    await add(formEvent(formHash, { subject: { email: 'ola@example.no' } }), 0);

    // Someone with the database makes Kari's refusal a grant and re-hashes every record after it.
    const db = new Database(e2e.server.dbPath);
    try {
      const raw = { backend: 'sqlite' as const, exec: (s: string) => void db.exec(s), query: <T,>(s: string) => db.prepare(s).all() as T[] };
      const [row] = raw.query<{ seq: number }>(`SELECT seq FROM consent_events WHERE event_id = '${ids.form}'`);
      ids.rewritten = { seq: row!.seq, id: ids.form };
      await tamperWithRecord(raw, SITE, row!.seq, { rehash: true });
      // The digest's position: its head record is the first that no longer matches.
      const head = JSON.parse(yesterday.slice(yesterday.indexOf('{'))) as { seq: number };
      ids.firstNot = head.seq;
    } finally {
      db.close();
    }
    expect((await store.verifyChain(SITE)).ok).toBe(true);
  });

  for (const lang of ['nb', 'en'] as const) {
    const s = lang === 'nb'
      ? { email: 'E-postadresse', consents: 'Samtykker', paste: 'Tidligere sjekksum', check: 'Kontroller mot sjekksummen', notExtends: 'bygger IKKE videre', firstNot: 'Første oppføring som ikke stemmer: nr.', valid: 'Signaturen er gyldig', reason: 'Kjeden er en annen enn sjekksummen viste ved denne oppføringen: den er skrevet om.', warning: 'Dette beviset holder ikke', proof: 'Bevis for samtykke', open: 'Åpne beviset for oppføring nr.', basis: 'samtykke', declined: 'markedsføring på e-post: ja' }
      : { email: 'Email address', consents: 'Consents', paste: 'Earlier digest', check: 'Check against the digest', notExtends: 'does NOT build on', firstNot: 'First record that does not match: no.', valid: 'The signature is valid', reason: 'The chain differs from what the digest showed at this record: it was rewritten.', warning: 'This proof does not hold', proof: 'Proof of consent', open: 'Open the proof of record no.', basis: 'consent', declined: 'email marketing: yes' };

    it(`lets a DPO catch the rewritten chain against yesterday's digest by keyboard, and the proof warns (${lang})`, async () => {
      const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${e2e.server.url}/console`);
      if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
      await signInByKeyboard(page, s.email, OWNER);
      await page.getByRole('heading', { name: s.consents, level: 1 }).waitFor();

      await tabTo(page, s.paste);
      await page.keyboard.insertText(yesterday);
      await tabTo(page, s.check);
      await page.keyboard.press('Enter');
      const answer = page.locator('.digest-answer');
      await expect.poll(() => answer.innerText(), WAIT).toContain(s.notExtends);
      expect(await answer.innerText()).toContain(`${s.firstNot} ${ids.firstNot}`);
      expect(await answer.innerText()).toContain(s.valid);
      // The reason in the console's language, not the server's English.
      expect(await answer.innerText()).toContain(s.reason);
      expect(await focused(page)).not.toBe('body');
      expect(await axeViolations(page)).toEqual([]);
      if (lang === 'nb') await shoot(page, 'chain-check');

      // On to the named record's proof, still by keyboard: it says it does not hold.
      await tabTo(page, `${s.open} ${ids.firstNot}`);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: s.proof, level: 1 }).waitFor();
      await page.getByRole('alert').filter({ hasText: s.warning }).waitFor(WAIT);
      await expect.poll(() => focused(page), WAIT).not.toBe('body');
      expect(await axeViolations(page)).toEqual([]);

      // The rewritten record's own proof says so too, on screen and in print.
      await page.goto(`${e2e.server.url}/console#/proof/${ids.form}`);
      await page.getByRole('heading', { name: s.proof, level: 1 }).waitFor();
      const warning = page.getByRole('alert').filter({ hasText: s.warning });
      await warning.waitFor(WAIT);
      expect(await warning.isVisible()).toBe(true);
      // Stored values in words: the forged grant reads as it now stands, with its basis.
      expect(await page.locator('.proof-fields').first().innerText()).toContain(s.declined);
      expect(await axeViolations(page)).toEqual([]);
      await page.emulateMedia({ media: 'print' });
      expect(await warning.isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: lang === 'nb' ? 'Skriv ut' : 'Print' }).isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });
      if (lang === 'nb') await shoot(page, 'proof-form');
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  /** A desktop page signed in as the owner, on the console's first page (these views are looked at, not driven by keyboard). */
  async function signedIn() {
    const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/console`);
    await page.getByLabel('E-postadresse').fill(OWNER.email);
    await page.getByLabel('Passord').fill(OWNER.password);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('heading', { name: 'Samtykker', level: 1 }).waitFor();
    return { context, page };
  }

  it('draws a cookie choice\'s proof as the notice the person saw, with each category\'s state', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${e2e.server.url}/console#/proof/${ids.cookie}`);
    await page.getByRole('heading', { name: 'Bevis for samtykke', level: 1 }).waitFor();
    const notice = page.locator('.notice-shown');
    await notice.waitFor(WAIT);
    const text = await notice.innerText();
    for (const words of ['Informasjonskapsler og sporing', 'Godta alle', 'Avvis alle', 'Velg selv', 'Personverninnstillinger', 'Nødvendige']) expect(text).toContain(words);
    const states = await page.locator('.notice-category').evaluateAll((items) => items.map((li) => li.querySelector('.notice-category-head')!.textContent!.trim()));
    expect(states[0]).toMatch(/^Nødvendige\s+alltid på$/);
    expect(states).toEqual(expect.arrayContaining([expect.stringMatching(/^Statistikk\s+på$/), expect.stringMatching(/^Markedsføring\s+av$/)]));
    // No JSON where a person reads.
    expect(await page.locator('main').innerText()).not.toContain('{"');
    expect(await page.locator('.proof-fields').first().innerText()).toContain('sendt fra personens nettleser');
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'proof-cookie');
    await context.close();
  });

  it('draws the numbers as SVG: bars side by side inside the frame, points on the weeks in the data, legends in words', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${e2e.server.url}/console#/numbers`);
    await page.getByRole('heading', { name: 'Tall', level: 1 }).waitFor();
    await page.locator('.chart > svg rect.bar').first().waitFor(WAIT);

    const geometry = await page.locator('.chart > svg').evaluateAll((svgs) => svgs.map((svg) => {
      const [, , w, h] = svg.getAttribute('viewBox')!.split(' ').map(Number);
      const frame = svg.getBoundingClientRect();
      const shapes = [...svg.querySelectorAll('rect.bar, circle, text')].map((el) => {
        const r = el.getBoundingClientRect();
        return { tag: el.tagName, left: r.left - frame.left, right: r.right - frame.left, top: r.top - frame.top, bottom: r.bottom - frame.top };
      });
      const bars = [...svg.querySelectorAll('rect.bar')].map((el) => ({ x: Number(el.getAttribute('x')), width: Number(el.getAttribute('width')), y: Number(el.getAttribute('y')), height: Number(el.getAttribute('height')) }));
      const labels = [...svg.querySelectorAll('text.x-label')].map((el) => el.textContent);
      const legend = [...svg.parentElement!.querySelectorAll('.chart-legend li')].map((li) => li.textContent!.trim());
      return { w, h, width: frame.width, height: frame.height, shapes, bars, labels, legend, circles: svg.querySelectorAll('circle').length };
    }));
    // The opt-in rates and the notice's choices; this server has no requests to draw.
    expect(geometry).toHaveLength(2);
    for (const chart of geometry) {
      // Nothing is drawn outside the SVG's box.
      for (const shape of chart.shapes) {
        expect(shape.left).toBeGreaterThanOrEqual(-0.5);
        expect(shape.top).toBeGreaterThanOrEqual(-0.5);
        expect(shape.right).toBeLessThanOrEqual(chart.width + 0.5);
        expect(shape.bottom).toBeLessThanOrEqual(chart.height + 0.5);
      }
      for (const bar of chart.bars) {
        expect(bar.x).toBeGreaterThanOrEqual(0);
        expect(bar.x + bar.width).toBeLessThanOrEqual(chart.w!);
        expect(bar.y + bar.height).toBeLessThanOrEqual(chart.h!);
      }
      for (const [i, a] of chart.bars.entries()) {
        for (const b of chart.bars.slice(i + 1)) expect(a.x + a.width <= b.x + 1e-6 || b.x + b.width <= a.x + 1e-6).toBe(true);
      }
      expect(chart.legend.join(' ')).not.toMatch(/Value|--/);
    }
    const [optIns, choices] = geometry;
    // One point per row of the table with both counts shown, one x label per week in the data.
    const rows = await page.locator('table').first().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!)));
    expect(optIns!.circles).toBe(rows.filter((r) => /^\d+$/.test(r[2]!) && /^\d+$/.test(r[3]!)).length);
    expect(optIns!.circles).toBeGreaterThanOrEqual(5);
    expect(optIns!.labels).toHaveLength(new Set(rows.map((r) => r[0])).size);
    expect(optIns!.labels.join(' ')).not.toMatch(/20(2[7-9])/);
    expect(optIns!.legend).toEqual(['nyhetsbrev', 'webinar']);
    expect(choices!.legend).toEqual(['ja', 'nei', 'trukket tilbake']);
    expect(choices!.labels.join(' ')).toContain('Statistikk'.toLowerCase());
    expect(await axeViolations(page)).toEqual([]);
    await shoot(page, 'numbers');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Numbers', level: 1 }).waitFor();
    expect(await page.locator('.chart-legend').nth(1).innerText()).toMatch(/yes\s+no\s+withdrawn/);
    expect(await page.locator('.chart svg text.x-label').allTextContents()).toEqual(expect.arrayContaining(['statistics', 'marketing']));
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
