/**
 * Issue 17 in Chromium: a visitor asks for a person in the demo site's chat; an agent (not an
 * owner) sees it unread and waiting, with the count in the tab's title from another page, assigns
 * it to themselves, answers (the visitor sees it live), closes it (the visitor is told and offered
 * a new conversation) and finds it under closed. Keyboard only on the console, axe clean, nb and en.
 * Screenshots of the inbox at 1440 and 1024 px and the widget's closed chat at 375 px go to
 * SHOTS_DIR when it is set.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { formEvent } from '../../server/testing.ts';
import { axeViolations } from '../setup/axe.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';
import { focused, tabTo } from '../setup/keyboard.ts';

const SITE = 'pk_demo_nettfokus';
const WAIT = { timeout: 15_000 };


const WORDS = {
  nb: {
    chat: 'Personvernchat', toPerson: 'Snakk med et menneske', handoverEmail: 'E-post (valgfritt)', handoverSend: 'Be om et menneske', question: 'Kan en person ringe meg om nyhetsbrevet?',
    email: 'E-postadresse', password: 'Passord', consents: 'Samtykker', inbox: 'Innboks', waiting: 'Venter på svar', unread: /1 ulest/, assign: 'Tildel meg', assigned: 'Tildelt deg',
    reply: 'Svar', send: 'Send svar', answer: 'Hei! Jeg ringer deg i morgen.', close: 'Avslutt samtalen', told: 'har avsluttet denne samtalen', newChat: 'Start en ny samtale',
    closedFilter: /^Avsluttede/, closed: 'avsluttet', app: 'Samtykke – konsoll', list: 'Samtaler', thanks: 'Takk, det passer fint.', messages: 'Meldinger',
  },
  en: {
    chat: 'Privacy chat', toPerson: 'Talk to a person', handoverEmail: 'Email (optional)', handoverSend: 'Ask for a person', question: 'Could a person call me about the newsletter?',
    email: 'Email address', password: 'Password', consents: 'Consents', inbox: 'Inbox', waiting: 'Waiting for a reply', unread: /1 unread/, assign: 'Assign to me', assigned: 'Assigned to you',
    reply: 'Reply', send: 'Send reply', answer: 'Hello! I will call you tomorrow.', close: 'Close the conversation', told: 'has closed this conversation', newChat: 'Start a new conversation',
    closedFilter: /^Closed/, closed: 'closed', app: 'Samtykke – console', list: 'Conversations', thanks: 'Thanks, that suits me.', messages: 'Messages',
  },
} as const;

describe('the inbox in a real browser', () => {
  const e2e = realBrowserAndServer({ smtp: true });
  const passwords = createPasswordHasher({ N: 2 ** 12 });

  for (const lang of ['nb', 'en'] as const) {
    const s = WORDS[lang];
    it(`lets an agent work a chat from unread to closed by keyboard, and tells the visitor (${lang})`, async () => {
      const agent = { email: `agent.${lang}@nettfokus.example`, password: `et-langt-passord-for-agenten-${lang}` };
      await e2e.server.store.createAccount({ email: agent.email, sites: [{ site: SITE, role: 'agent' }], passwordHash: await passwords.hash(agent.password) });
      const visitorEmail = `kari.${lang}@example.no`;
      // A newsletter sign-up earlier, with the address the visitor gives: it shows beside the conversation.
      const textHash = await e2e.server.store.putNoticeText('Ja, send meg nyhetsbrevet fra Nettfokus på e-post.', 'nb');
      await e2e.server.store.appendConsentEvents([{ site: SITE, event: formEvent(textHash, { subject: { email: visitorEmail } }), receivedAt: new Date(), source: 'browser' }]);

      // The visitor, on the demo site (in English: the same page with lang="en").
      const visitorContext = await e2e.browser.newContext({ viewport: { width: 375, height: 740 } });
      const visitor = await visitorContext.newPage();
      const errors: string[] = [];
      visitor.on('pageerror', (e) => errors.push(e.message));
      if (lang === 'en') {
        await visitor.route(`${e2e.server.url}/`, async (route) => {
          const res = await route.fetch();
          await route.fulfill({ response: res, body: (await res.text()).replace(/<html lang="nb"/, '<html lang="en"') });
        });
      }
      await visitor.goto(`${e2e.server.url}/`);
      await visitor.getByRole('button', { name: /Avvis alle|Reject all/ }).click();
      const launcher = visitor.getByRole('button', { name: s.chat });
      await launcher.focus();
      await visitor.keyboard.press('Enter');
      const chat = visitor.getByRole('dialog', { name: s.chat });
      await chat.waitFor();
      await chat.getByRole('button', { name: s.toPerson }).focus();
      await visitor.keyboard.press('Enter');
      await chat.getByLabel(s.handoverEmail).fill(visitorEmail);
      await chat.getByRole('button', { name: s.handoverSend }).focus();
      await visitor.keyboard.press('Enter');
      await chat.getByRole('textbox').first().waitFor();
      await chat.locator('#skc-draft').fill(s.question);
      await chat.locator('#skc-draft').press('Enter');
      await expect.poll(() => chat.locator('.skc-visitor[data-state="sent"]').count(), WAIT).toBe(1);

      // The agent signs in with the keyboard and lands on another page: the count is in the tab's title.
      const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${e2e.server.url}/console`);
      if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
      await page.getByLabel(s.email).focus();
      await page.keyboard.type(agent.email);
      await page.keyboard.press('Tab');
      await page.keyboard.type(agent.password);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: s.consents, level: 1 }).waitFor();
      await expect.poll(() => page.title(), WAIT).toMatch(new RegExp(`^\\(\\d+\\) ${s.app}$`));

      await tabTo(page, s.inbox);
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page), WAIT).toBe(`h1:${s.inbox}`);
      const row = page.locator('.conv-row', { hasText: visitorEmail });
      await row.waitFor(WAIT);
      const rowText = await row.innerText();
      expect(rowText).toContain(s.waiting);
      expect(rowText).toMatch(s.unread);
      expect(rowText).toContain(s.question);
      expect(rowText).toContain('Nettfokus');
      expect(await axeViolations(page)).toEqual([]);
      if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/inbox-list-${lang}-1440.png` });

      // Open it: focus on its heading, read, so the title loses its count.
      await tabTo(page, visitorEmail);
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page), WAIT).toBe(`h2:${visitorEmail}`);
      await expect.poll(() => page.title(), WAIT).toBe(s.app);
      await tabTo(page, s.assign);
      await page.keyboard.press('Enter');
      await page.locator('.inbox-conversation').getByText(s.assigned, { exact: true }).waitFor(WAIT);
      await expect.poll(() => row.innerText(), WAIT).toContain(s.assigned);

      await tabTo(page, s.reply);
      await page.keyboard.type(s.answer);
      await tabTo(page, s.send);
      await page.keyboard.press('Enter');
      // Sending keeps the person in the reply field; the visitor sees the answer live.
      await expect.poll(() => focused(page), WAIT).toBe(`textarea:${s.reply}`);
      await expect.poll(() => chat.locator('.skc-staff').innerText().catch(() => ''), WAIT).toContain(s.answer);
      expect(await axeViolations(page)).toEqual([]);

      // The tab hidden, with the conversation open: the visitor's next message is counted in the
      // title until the tab is shown again.
      const visibility = (state: 'hidden' | 'visible') => page.evaluate((v) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => v });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
      await visibility('hidden');
      await chat.locator('#skc-draft').fill(s.thanks);
      await chat.locator('#skc-draft').press('Enter');
      await page.getByRole('list', { name: s.messages }).getByText(s.thanks).waitFor(WAIT);
      await expect.poll(() => page.title(), WAIT).toBe(`(1) ${s.app}`);
      await visibility('visible');
      await expect.poll(() => page.title(), WAIT).toBe(s.app);
      await page.locator('#reply').focus();

      // The person's consents fit the panel: nothing scrolls sideways at 1024 px.
      await page.setViewportSize({ width: 1024, height: 900 });
      const person = page.locator('.inbox-person');
      await expect.poll(() => person.innerText(), WAIT).toContain(lang === 'nb' ? 'Nyhetsbrev og e-post' : 'Newsletter and email');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await person.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      if (process.env.SHOTS_DIR) {
        await page.screenshot({ path: `${process.env.SHOTS_DIR}/inbox-${lang}-1024.png`, fullPage: true });
        await page.setViewportSize({ width: 1440, height: 1000 });
        await page.screenshot({ path: `${process.env.SHOTS_DIR}/inbox-${lang}-1440.png`, fullPage: true });
      }
      await page.setViewportSize({ width: 1440, height: 1000 });

      // Close: focus moves to the next conversation or the list, never <body>; the visitor is told.
      await page.locator(`#reply`).focus();
      await tabTo(page, s.close);
      await page.keyboard.press('Enter');
      // The next conversation's row, or the list's heading when it was the last one.
      await expect.poll(() => focused(page), WAIT).toMatch(new RegExp(`^(h2:${s.list}$|button:(?!${s.close}))`));
      await expect.poll(() => chat.innerText(), WAIT).toContain(s.told);
      const fresh = chat.getByRole('button', { name: s.newChat });
      await fresh.waitFor(WAIT);
      expect(await chat.locator('#skc-draft').count()).toBe(0);
      expect(await axeViolations(visitor)).toEqual([]);
      if (process.env.SHOTS_DIR) await visitor.screenshot({ path: `${process.env.SHOTS_DIR}/widget-closed-${lang}-375.png` });

      // It has moved to closed.
      await expect.poll(() => page.locator('.conv-row', { hasText: visitorEmail }).count(), WAIT).toBe(0);
      await page.getByRole('button', { name: s.closedFilter }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.conv-row', { hasText: visitorEmail }).innerText().catch(() => ''), WAIT).toContain(s.closed);
      expect(await axeViolations(page)).toEqual([]);
      if (process.env.SHOTS_DIR) {
        await page.setViewportSize({ width: 1024, height: 900 });
        await page.screenshot({ path: `${process.env.SHOTS_DIR}/inbox-closed-${lang}-1024.png` });
        await page.setViewportSize({ width: 1440, height: 1000 });
      }

      // The visitor starts a new conversation: the composer is back, with focus in it.
      await fresh.focus();
      await visitor.keyboard.press('Enter');
      await chat.locator('#skc-draft').waitFor(WAIT);
      await expect.poll(() => visitor.evaluate(() => document.getElementById('samtykke-root')?.shadowRoot?.activeElement?.id), WAIT).toBe('skc-draft');
      expect(errors).toEqual([]);
      await context.close();
      await visitorContext.close();
    }, 120_000);
  }
});
