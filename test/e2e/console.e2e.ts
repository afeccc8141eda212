import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../server/services/passwords/index.ts';
import { sha256Hex } from '../../server/util/crypto.ts';
import { eventually } from '../setup/browser.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';
import { axeViolations } from '../setup/axe.ts';


const OWNER = { email: 'dpo@nettfokus.example', password: 'et-langt-passord-for-eieren' };

/** Console pages must not log errors or break the CSP; the list is checked at the end of each test. */
function watch(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  return errors;
}

async function signIn(page: Page, base: string, who = OWNER) {
  await page.goto(`${base}/console`);
  await page.getByLabel('E-postadresse').fill(who.email);
  await page.getByLabel('Passord').fill(who.password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();
}

/** The focused control's name as a screen reader would start it: its label, else its text. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el || el === document.body) return '';
    return (el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  });

/** Presses Tab (or Shift+Tab) until the control whose name starts with `name` has focus: the keyboard is the only input. */
async function tabTo(page: Page, name: string, max = 80, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if ((await focusedName(page)).startsWith(name)) return;
  }
  throw new Error(`could not reach "${name}" with the keyboard`);
}

/** The text of the elements an input's aria-describedby names: its hint and its error. */
const description = (field: ReturnType<Page['getByLabel']>) =>
  field.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));

describe('the console in a real browser', () => {
  const e2e = realBrowserAndServer({ smtp: true });
  beforeAll(async () => {
    // A cheap N for speed; the hash carries its parameters, so login verifies it as stored.
    const passwords = createPasswordHasher({ N: 2 ** 12 });
    await e2e.server.store.createAccount({ email: OWNER.email, admin: true, passwordHash: await passwords.hash(OWNER.password) });
  });

  /** A new browser context, signed in as the owner and on the console page behind `link`, with its error list. */
  async function signedInOn(link: string, { bypassCSP = true } = {}) {
    const context = await e2e.browser.newContext(bypassCSP ? { bypassCSP } : {});
    const page = await context.newPage();
    const errors = watch(page);
    await signIn(page, e2e.server.url);
    await page.getByRole('link', { name: link }).click();
    return { context, page, errors };
  }

  it('serves the console with a strict CSP that forbids framing', async () => {
    const res = await fetch(`${e2e.server.url}/console`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('signs in, finds a consent given on the demo site, shows its proof, verifies the chain, and passes axe on every page', async () => {
    // A visitor ticks the box on the demo's contact form.
    const visitor = await e2e.browser.newContext();
    const demo = await visitor.newPage();
    await demo.goto(`${e2e.server.url}/kontakt.html`);
    await demo.getByRole('button', { name: 'Avvis alle' }).click();
    await demo.getByLabel('Navn').fill('Kari Nordmann');
    await demo.getByLabel('E-post', { exact: true }).fill('kari.nordmann@example.no');
    await demo.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ }).check();
    await Promise.all([demo.waitForURL('**/demo/thanks'), demo.getByRole('button', { name: 'Kontakt meg' }).click()]);
    await eventually(async () => ((await e2e.server.store.consentHistory('kari.nordmann@example.no')).length ? true : undefined));
    await visitor.close();

    // axe is injected as an inline script, which the console's CSP rightly refuses: this context lets
    // it in. The CSP itself is held by the header test and by the chat test below, which runs without bypass.
    const context = await e2e.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(`${e2e.server.url}/console`);
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await signIn(page, e2e.server.url);
    await page.getByRole('heading', { name: 'Samtykker' }).waitFor();
    await page.getByRole('table').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('E-postadresse').fill('kari.nordmann@example.no');
    await page.getByRole('button', { name: 'Søk', exact: true }).click();
    await page.getByRole('link', { name: 'kari.nordmann@example.no' }).first().waitFor();
    await page.getByRole('link', { name: /^Bevis/ }).first().click();
    await page.getByRole('heading', { name: 'Bevis for samtykke' }).waitFor();
    await expect.poll(() => page.locator('dl').first().innerText()).toContain('markedsføring på e-post: ja');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Samtykker' }).click();
    await page.getByRole('button', { name: /Kontroller kjeden: Nettfokus/ }).click();
    await expect.poll(() => page.getByRole('status').first().innerText()).toMatch(/Kjeden er hel/);

    await page.getByRole('link', { name: 'Tall' }).click();
    await page.getByRole('heading', { name: 'Tall' }).waitFor();
    await page.locator('.chart svg').first().waitFor();
    // Kari is the only one who answered on that form that week: her row says "færre enn 5", not 1 and 0.
    const optIns = page.getByRole('region', { name: 'Andel ja til markedsføring per skjema og uke' }).getByRole('table', { name: /^Tallene i diagrammet/ });
    await expect.poll(() => optIns.locator('tbody tr').first().locator('td').allInnerTexts()).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), expect.any(String), 'færre enn 5', 'færre enn 5']);
    expect(await page.getByRole('img', { name: /Andel ja til markedsføring.*ikke noe punkt/ }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Numbers' }).waitFor();
    const optInsEn = page.getByRole('region', { name: 'Marketing opt-in rate per form and week' }).getByRole('table', { name: /^The numbers in the chart/ });
    expect(await optInsEn.locator('tbody tr').first().locator('td').nth(2).innerText()).toBe('fewer than 5');
    await page.getByRole('button', { name: 'Norsk' }).click();

    await page.getByRole('link', { name: 'Innstillinger' }).click();
    await page.getByText('Kode å lime inn på nettstedet').waitFor();
    await expect.poll(() => page.locator('.snippet').first().innerText()).toMatch(/\/s\/pk_demo_nettfokus\.js" async><\/script>$/);
    await expect.poll(() => page.locator('.snippet-sri').innerText()).toMatch(/integrity="sha384-/);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('button', { name: 'Norsk' }).click();

    // Signing out leaves a fresh page: nothing the session loaded stays in memory for the next person.
    await page.evaluate(() => Object.assign(window, { loadedBySession: true }));
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.getByRole('heading', { name: 'Logg inn' }).waitFor();
    expect(await page.evaluate(() => 'loadedBySession' in window)).toBe(false);
    expect(new URL(page.url()).hash).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a 375 px phone keeps each address in the records list on one line, the list scrolling sideways in its own box, not the page', async () => {
    const email = 'ola.telefon@example.no';
    const visitor = await e2e.browser.newContext();
    const demo = await visitor.newPage();
    await demo.goto(`${e2e.server.url}/kontakt.html`);
    await demo.getByRole('button', { name: 'Avvis alle' }).click();
    await demo.getByLabel('Navn').fill('Ola Nordmann');
    await demo.getByLabel('E-post', { exact: true }).fill(email);
    await demo.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ }).check();
    await Promise.all([demo.waitForURL('**/demo/thanks'), demo.getByRole('button', { name: 'Kontakt meg' }).click()]);
    await eventually(async () => ((await e2e.server.store.consentHistory(email)).length ? true : undefined));
    await visitor.close();

    const context = await e2e.browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await signIn(page, e2e.server.url);
    await page.getByLabel('E-postadresse').fill(email);
    await page.getByRole('button', { name: 'Søk', exact: true }).click();
    const link = page.getByRole('link', { name: email }).first();
    await link.waitFor();
    // Columns were squeezed to one letter wide: the address stood one letter per line, each row
    // about 500 px tall. Now every cell keeps its words whole and the table's box scrolls.
    const sizes = await link.evaluate((el) => ({ height: el.getBoundingClientRect().height, font: parseFloat(getComputedStyle(el).fontSize) }));
    expect(sizes.height).toBeLessThan(sizes.font * 2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await page.locator('.table-wrap').first().evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await context.close();
  });

  it('answers a chat the visitor sees live, shows hostile markup as text and runs none of it, under the CSP', async () => {
    const visitorContext = await e2e.browser.newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${e2e.server.url}/`);
    await visitor.getByRole('button', { name: /Avvis alle/ }).click();
    await visitor.getByRole('button', { name: 'Personvernchat' }).click();
    const chat = visitor.getByRole('dialog', { name: 'Personvernchat' });
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> hei, kan en person svare?';
    await chat.getByLabel('Skriv et spørsmål').fill(hostile);
    await visitor.keyboard.press('Enter');
    await eventually(async () => ((await e2e.server.store.listConversations()).length ? true : undefined));

    // No CSP bypass here: the console must work under its own policy.
    const staffContext = await e2e.browser.newContext();
    const page = await staffContext.newPage();
    const errors = watch(page);
    const violations: string[] = [];
    await page.exposeFunction('__cspViolation', (d: string) => violations.push(d));
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __cspViolation(d: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    await signIn(page, e2e.server.url);
    await page.getByRole('link', { name: 'Innboks' }).click();
    await page.getByRole('navigation', { name: 'Samtaler' }).getByRole('button').first().click();
    const messages = page.getByRole('list', { name: 'Meldinger' });
    await messages.getByText(hostile).waitFor();
    expect(await page.locator('.messages img').count()).toBe(0);
    expect(await page.locator('.messages script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    await page.getByLabel('Svar').fill('Hei! Vi svarer deg her i chatten.');
    await page.getByRole('button', { name: 'Send svar' }).click();
    await chat.getByRole('log').getByText('Hei! Vi svarer deg her i chatten.').waitFor({ timeout: 5000 });

    // And the other way: the visitor's next message appears in the console without a reload.
    await chat.getByLabel('Skriv et spørsmål').fill('Takk, da venter jeg.');
    await visitor.keyboard.press('Enter');
    await messages.getByText('Takk, da venter jeg.').waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Avslutt samtalen' }).click();
    // Closed for good: it leaves the open list, and the visitor is told in the chat.
    await page.getByRole('button', { name: 'Avsluttede (1)' }).waitFor();
    await chat.getByRole('button', { name: 'Start en ny samtale' }).waitFor({ timeout: 5000 });
    expect(await visitor.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await staffContext.close();
    await visitorContext.close();
  });

  it('completes an access request filed in the chat, the visitor downloads the export from the chat, and erases a subject', async () => {
    // The visitor files the request in the chat on the demo site and proves the address with the mailed code.
    const visitorContext = await e2e.browser.newContext({ acceptDownloads: true });
    const visitor = await visitorContext.newPage();
    const visitorErrors = watch(visitor);
    await visitor.goto(`${e2e.server.url}/`);
    const reject = visitor.getByRole('button', { name: /Avvis alle/ });
    if (await reject.isVisible().catch(() => false)) await reject.click();
    await visitor.getByRole('button', { name: 'Personvernchat' }).click();
    const chat = visitor.getByRole('dialog', { name: 'Personvernchat' });
    await chat.getByRole('button', { name: 'Send en forespørsel om dine data' }).click();
    await chat.getByRole('button', { name: 'Få en kopi av opplysningene om meg' }).click();
    await chat.getByLabel('Fullt navn').fill('Kari Nordmann');
    await chat.getByLabel('E-post').fill('kari.nordmann@example.no');
    await chat.getByRole('button', { name: 'Se over' }).click();
    await chat.getByRole('button', { name: 'Send forespørselen' }).click();
    const mail = await e2e.smtp.waitFor((m) => m.to.includes('kari.nordmann@example.no') && /\d{6}/.test(m.subject));
    const code = /(\d{6})/.exec(mail.subject)![1]!;
    await chat.getByLabel('Kode fra e-posten').fill(code);
    await chat.getByRole('button', { name: 'Bekreft' }).click();
    await chat.getByRole('heading', { name: 'Forespørselen er mottatt' }).waitFor();
    const reference = (await chat.locator('.skc-reference').textContent())!.trim();
    // Not completed yet: nothing to download.
    expect(await chat.getByRole('button', { name: /Last ned kopien/ }).count()).toBe(0);

    const { context, page, errors } = await signedInOn('Innboks');
    // The earlier test closed its conversation: it is under "Alle", no longer among the open ones.
    await page.getByRole('button', { name: 'Alle', exact: true }).click();
    await page.getByRole('navigation', { name: 'Samtaler' }).getByRole('button').first().click();
    await page.getByRole('list', { name: 'Meldinger' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Henvendelser' }).click();
    await page.getByRole('table').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('heading', { name: /Innsyn/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Lag eksport (JSON og CSV)' }).click();
    await page.getByText('Eksporten kan lastes ned til').waitFor();
    await page.getByRole('button', { name: 'Marker som fullført' }).click();
    await page.getByText('fullført', { exact: true }).waitFor();
    await e2e.smtp.waitFor((m) => m.to.includes('kari.nordmann@example.no') && /behandlet/.test(m.subject));

    // Back on the site, the chat shows the request completed and downloads the copy with the requester's token.
    await visitor.reload();
    const again = visitor.getByRole('dialog', { name: 'Personvernchat' });
    if (!(await again.isVisible().catch(() => false))) await visitor.getByRole('button', { name: 'Personvernchat' }).click();
    await again.getByText('Ferdig').waitFor();
    expect(await axeViolations(visitor)).toEqual([]);
    const exportCall = visitor.waitForRequest((r) => r.url().endsWith('/export'));
    const [download] = await Promise.all([visitor.waitForEvent('download'), again.getByRole('button', { name: /Last ned kopien/ }).click()]);
    expect(download.suggestedFilename()).toBe(`${reference}.json`);
    const file = await download.path();
    const body = JSON.parse(await readFile(file, 'utf8')) as { consents: { textShown: string }[]; requests: { kind: string }[] };
    expect(body.consents.length).toBeGreaterThan(0);
    expect(body.requests.map((r) => r.kind)).toContain('access');
    // The link in the page is a blob: URL; the copy itself came over the API with the bearer token only.
    const exportUrl = (await exportCall).url();
    expect((await fetch(exportUrl, { headers: { Authorization: 'Bearer nope' } })).status).toBe(404);
    expect((await fetch(exportUrl)).status).toBe(401);
    expect(await again.getByRole('alert').count()).toBe(0);
    expect(visitorErrors).toEqual([]);
    await visitorContext.close();

    // Erase the subject from their history page.
    await page.goto(`${e2e.server.url}/console#/history/${encodeURIComponent('kari.nordmann@example.no')}`);
    await page.getByRole('heading', { name: /Historikk for/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Begrunnelse').fill('Sletting etter forespørsel, art. 17');
    await page.getByRole('button', { name: 'Slett personopplysninger' }).click();
    await page.getByText(/Skjult, slettes for godt/).waitFor();
    expect((await e2e.server.store.consentHistory('kari.nordmann@example.no')).every((r) => r.email === null && r.erased)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an owner give the chat a new policy text from a file, refuses one without headings in words they can act on, and passes axe', async () => {
    const { context, page, errors } = await signedInOn('Innstillinger');
    const english = page.getByRole('form', { name: 'Engelsk', exact: true });
    // The demo's own English policy is what the chat uses now.
    await expect.poll(() => english.innerText()).toMatch(/Lagret \d{4}-\d{2}-\d{2}: «.+», \d+ deler/);
    expect(await axeViolations(page)).toEqual([]);

    const text = english.getByLabel('Tekst (Markdown)');
    await text.fill('Just one paragraph, no headings.');
    await english.getByRole('button', { name: 'Lagre (engelsk)' }).click();
    await english.getByRole('alert').filter({ hasText: 'Chatten finner ingen overskrifter i teksten' }).waitFor();

    await english.getByLabel('Hent tekst fra fil (.md)').setInputFiles({
      name: 'privacy.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Privacy at Nettfokus\n\n## Bicycles\n\nWe keep the frame numbers of bicycles you register for ten years.\n'),
    });
    await expect.poll(() => text.inputValue()).toContain('frame numbers');
    // Keyboard only: from the text to the link field to the save button.
    await text.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await english.getByRole('status').filter({ hasText: 'Lagret.' }).waitFor();
    await expect.poll(() => english.innerText()).toMatch(/«Privacy at Nettfokus», 1 del /);
    expect(await axeViolations(page)).toEqual([]);

    const res = await fetch(`${e2e.server.url}/v1/sites/pk_demo_nettfokus/answers`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: e2e.server.url }, body: JSON.stringify({ lang: 'en', question: 'what about bicycle frame numbers?' }) });
    expect(((await res.json()) as { answers: { title: string }[] }).answers[0]?.title).toBe('Bicycles');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('adds a service with a cookie to a cookie category by keyboard alone, and a new visitor sees it in the notice\'s settings', async () => {
    const { context, page, errors } = await signedInOn('Innstillinger');
    const statistics = page.getByRole('region', { name: 'Statistikk', exact: true });
    await statistics.getByRole('group', { name: 'Tjeneste 1: Nettfokus Innsikt' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // From the category's own switch onwards, only keys.
    await statistics.getByLabel('Nettstedet bruker statistikk').focus();
    await tabTo(page, 'Legg til tjeneste');
    await page.keyboard.press('Enter');
    // Focus lands in the new row, which is the second service of this category.
    const row = statistics.getByRole('group', { name: /^Tjeneste 2/ });
    await expect.poll(() => row.getByLabel('Navn på tjenesten').evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => page.locator('.sr-only[role="status"]').innerText()).toBe('Tjeneste 2 er lagt til.');
    await page.keyboard.type('Besøkskart');
    for (const text of ['Kartverket Analyse AS', 'Viser hvor på sidene besøkende klikker.', 'Shows where on the pages visitors click.', 'https://kartanalyse.example/personvern']) {
      await page.keyboard.press('Tab');
      await page.keyboard.type(text);
    }
    await tabTo(page, 'Legg til informasjonskapsel');
    await page.keyboard.press('Enter');
    await expect.poll(() => row.getByRole('group', { name: 'Informasjonskapsel 1' }).getByLabel('Navn').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('nf_kart');
    await page.keyboard.press('Tab');
    await page.keyboard.type('30 dager');
    await page.keyboard.press('Tab');
    await page.keyboard.type('30 days');
    // A second cookie added by mistake and removed again: focus goes back to the cookie before it.
    await tabTo(page, 'Legg til informasjonskapsel');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName(page)).toBe('Navn');
    await tabTo(page, 'Fjern informasjonskapselen (Informasjonskapsel 2)');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('nf_kart');
    expect(await row.getByRole('group', { name: /^Informasjonskapsel/ }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, 'Lagre');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Lagret.' }).waitFor();

    const stored = (await e2e.server.store.getSite('pk_demo_nettfokus'))!.settings.cookies.statistics!.services;
    expect(stored.map((x) => x.name)).toEqual(['Nettfokus Innsikt', 'Besøkskart']);
    expect(stored[1]).toEqual({
      name: 'Besøkskart',
      provider: 'Kartverket Analyse AS',
      purpose: { nb: 'Viser hvor på sidene besøkende klikker.', en: 'Shows where on the pages visitors click.' },
      privacyUrl: 'https://kartanalyse.example/personvern',
      cookies: [{ name: 'nf_kart', duration: { nb: '30 dager', en: '30 days' }, firstParty: true }],
    });
    // The rest of the document is as it was: the marketing category and the demo's opt-out form.
    expect((await e2e.server.store.getSite('pk_demo_nettfokus'))!.settings).toMatchObject({ forms: { kundeportal: { basis: 'existing-customer' } }, cookies: { marketing: { services: [{ name: 'Annonsenett' }] } } });

    // A new visitor on the demo site finds the service under Statistikk in the notice's settings.
    const visitor = await e2e.browser.newContext();
    const demo = await visitor.newPage();
    await demo.goto(`${e2e.server.url}/`);
    await demo.getByRole('button', { name: 'Velg selv' }).click();
    const dialog = demo.getByRole('dialog');
    await dialog.getByText('Tjenester og informasjonskapsler (2)').click();
    await dialog.getByText('Besøkskart').waitFor();
    expect(await dialog.getByRole('listitem').filter({ hasText: 'Besøkskart' }).innerText()).toMatch(/Kartverket Analyse AS.*Viser hvor på sidene besøkende klikker\.[\s\S]*nf_kart, varighet: 30 dager/);
    await visitor.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('marks the fields the server refused, in the console\'s language, keeps what was typed, and saves once they are put right', async () => {
    const { context, page, errors } = await signedInOn('Innstillinger');
    const prefix = page.getByLabel('Prefiks for referansenumre');
    await expect.poll(() => prefix.inputValue()).toMatch(/^[A-Z]+$/);
    const before = await prefix.inputValue();
    await prefix.fill('nf');
    const marketing = page.getByRole('region', { name: 'Markedsføring', exact: true });
    await marketing.getByRole('button', { name: /^Legg til informasjonskapsel/ }).click();
    const cookieName = marketing.getByRole('group', { name: 'Informasjonskapsel 2' }).getByLabel('Navn');
    await cookieName.fill('nf ads');
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();

    const summary = page.getByRole('alert').filter({ has: page.getByRole('listitem') });
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Ikke lagret: 4 felt må rettes.');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('s-issues');
    expect(await prefix.getAttribute('aria-invalid')).toBe('true');
    expect(await description(prefix)).toContain('Skriv 2–6 store bokstaver (A–Z)');
    expect(await cookieName.getAttribute('aria-invalid')).toBe('true');
    expect(await description(cookieName)).toContain('uten mellomrom');
    // The new cookie's lifetime was left empty: each language is named on its own.
    expect(await summary.innerText()).toContain('Markedsføring › Tjeneste 1 › Informasjonskapsel 2 › Varighet (bokmål)');
    // Listed as the form reads, top to bottom: the chat's prefix stands above the cookie categories
    // (the server names them the other way round, in the schema's order).
    expect(await summary.getByRole('listitem').getByRole('button').allInnerTexts()).toEqual([
      'Prefiks for referansenumre',
      'Markedsføring › Tjeneste 1 › Informasjonskapsel 2 › Navn',
      'Markedsføring › Tjeneste 1 › Informasjonskapsel 2 › Varighet (bokmål)',
      'Markedsføring › Tjeneste 1 › Informasjonskapsel 2 › Varighet (engelsk)',
    ]);
    // Nothing typed is lost, and nothing was saved.
    expect(await prefix.inputValue()).toBe('nf');
    expect(await cookieName.inputValue()).toBe('nf ads');
    expect((await e2e.server.store.getSite('pk_demo_nettfokus'))!.settings.chat.referencePrefix).toBe(before);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => summary.innerText()).toContain('Not saved: 4 fields need correcting.');
    expect(await description(page.getByLabel('Prefix of request references'))).toContain('Type 2–6 capital letters (A–Z)');
    await page.getByRole('button', { name: 'Norsk' }).click();

    // The summary takes you to the field; editing a field takes its error away.
    await summary.getByRole('button', { name: 'Prefiks for referansenumre', exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('s-chat-referencePrefix');
    await prefix.fill('NETT');
    expect(await prefix.getAttribute('aria-invalid')).toBeNull();
    await cookieName.fill('nf_ads_extra');
    const durations = marketing.getByRole('group', { name: 'Informasjonskapsel 2: nf_ads_extra' });
    await durations.getByLabel('Varighet (bokmål)').fill('90 dager');
    await durations.getByLabel('Varighet (engelsk)').fill('90 days');
    await page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Lagret.' }).waitFor();
    const saved = (await e2e.server.store.getSite('pk_demo_nettfokus'))!.settings;
    expect(saved.chat.referencePrefix).toBe('NETT');
    expect(saved.cookies.marketing!.services[0]!.cookies.map((c) => c.name)).toEqual(['nf_ads', 'nf_ads_extra']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tells an owner, in the console\'s language, that someone else saved the site\'s settings first, and keeps the first save', async () => {
    const open = async () => {
      const { context, page, errors } = await signedInOn('Innstillinger', { bypassCSP: false });
      await page.getByText('Kode å lime inn på nettstedet').waitFor();
      return { context, page, errors };
    };
    const a = await open();
    const b = await open();
    const origins = (p: Page) => p.getByLabel('Tillatte opprinnelser (én per linje)');
    await expect.poll(() => origins(b.page).inputValue()).toContain(e2e.server.url);
    const before = await origins(a.page).inputValue();
    await origins(a.page).fill(`${before}\nhttps://a.nettfokus.example`);
    await a.page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await a.page.getByRole('status').filter({ hasText: 'Lagret.' }).waitFor();

    await origins(b.page).fill(`${before}\nhttps://b.nettfokus.example`);
    await b.page.getByRole('button', { name: 'Lagre', exact: true }).click();
    await b.page.getByRole('alert').filter({ hasText: 'Noen har lagret innstillingene' }).waitFor();
    const stored = (await e2e.server.store.getSite('pk_demo_nettfokus'))!.settings.origins;
    expect(stored).toContain('https://a.nettfokus.example');
    expect(stored).not.toContain('https://b.nettfokus.example');
    // The site's own origin is still there: the demo keeps writing.
    expect(stored).toContain(e2e.server.url);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('adds a site with the required fields, shows its secret key once and selects it, and refuses a key that exists', async () => {
    const { context, page, errors } = await signedInOn('Innstillinger');
    await page.getByText('Kode å lime inn på nettstedet').waitFor();
    const open = page.getByRole('button', { name: 'Legg til et nettsted' });
    expect(await open.getAttribute('aria-expanded')).toBe('false');
    await open.click();
    const form = page.getByRole('form', { name: 'Legg til et nettsted' });
    await expect.poll(() => focusedName(page)).toBe('Offentlig nøkkel');
    expect(await axeViolations(page)).toEqual([]);
    await form.getByLabel('Offentlig nøkkel').fill('pk_fjelltur_www');
    await form.getByLabel('Firmanavn').fill('Fjelltur AS');
    // An origin with a path is refused, next to the field, and what was typed stays.
    await form.getByLabel('Tillatte opprinnelser (én per linje)').fill('https://www.fjelltur.example/hjem');
    await form.getByLabel('Adressen til personvernerklæringen').fill('https://www.fjelltur.example/personvern');
    await form.getByRole('button', { name: 'Opprett nettstedet' }).click();
    await form.getByRole('alert').filter({ hasText: 'Ikke lagret: ett felt må rettes.' }).waitFor();
    const origins = form.getByLabel('Tillatte opprinnelser (én per linje)');
    expect(await description(origins)).toContain('uten sti');
    expect(await form.getByLabel('Firmanavn').inputValue()).toBe('Fjelltur AS');
    expect(await e2e.server.store.getSite('pk_fjelltur_www')).toBeUndefined();

    await origins.fill('https://www.fjelltur.example');
    await form.getByRole('button', { name: 'Opprett nettstedet' }).click();
    const created = page.getByRole('status').filter({ hasText: 'Nettstedet Fjelltur AS er opprettet og valgt.' });
    await created.waitFor();
    const secret = (await created.locator('code').innerText()).trim();
    expect(secret).toMatch(/^sk_/);
    expect(await e2e.server.store.verifySiteSecret('pk_fjelltur_www', secret, new Date())).toBe(true);
    await expect.poll(() => page.getByLabel('Nettsted', { exact: true }).inputValue()).toBe('pk_fjelltur_www');
    await expect.poll(() => page.getByLabel('Firmanavn').inputValue()).toBe('Fjelltur AS');
    expect(await page.locator('.snippet').first().innerText()).toContain('/s/pk_fjelltur_www.js');
    expect(await page.locator('.snippet-sri').innerText()).toContain('data-site="pk_fjelltur_www"');
    // The schema's defaults for everything else: no categories, the button bottom left, REQ.
    expect((await e2e.server.store.getSite('pk_fjelltur_www'))!.settings).toMatchObject({ ipAddress: 'none', chat: { referencePrefix: 'REQ' }, cookies: { launcher: 'bottom-left', lifetimeMonths: 12 } });
    expect(await axeViolations(page)).toEqual([]);

    // Shown once: choosing another site and coming back does not show it again.
    await page.getByLabel('Nettsted', { exact: true }).selectOption('pk_demo_nettfokus');
    await expect.poll(() => page.getByLabel('Firmanavn').inputValue()).toBe('Nettfokus');
    expect(await page.getByText(secret).count()).toBe(0);

    await open.click();
    await form.getByLabel('Offentlig nøkkel').fill('pk_fjelltur_www');
    await form.getByLabel('Firmanavn').fill('Overskrevet AS');
    await form.getByLabel('Tillatte opprinnelser (én per linje)').fill('https://www.fjelltur.example');
    await form.getByLabel('Adressen til personvernerklæringen').fill('https://www.fjelltur.example/personvern');
    await form.getByRole('button', { name: 'Opprett nettstedet' }).click();
    await form.getByRole('alert').filter({ hasText: 'Det finnes allerede et nettsted med denne nøkkelen' }).waitFor();
    expect(await form.getByLabel('Offentlig nøkkel').getAttribute('aria-invalid')).toBe('true');
    expect((await e2e.server.store.getSite('pk_fjelltur_www'))!.settings.name).toBe('Fjelltur AS');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an owner word the consent box in Bokmål by keyboard alone, and a new visitor sees that wording, ticks it, and the proof holds it', async () => {
    const own = 'Ja takk, {company} kan sende meg nyhetsbrevet om kundeoppfølging én gang i måneden. Jeg kan melde meg av når jeg vil.';
    const shown = own.replace('{company}', 'Nettfokus');
    const { context, page, errors } = await signedInOn('Innstillinger');
    const nb = page.getByRole('region', { name: 'Samtykkeboksen', exact: true }).getByRole('group', { name: 'Samtykkeboksen (bokmål)' });
    // Our wording is shown for reference as this site's visitors read it; the site's own has no field until chosen.
    await expect.poll(() => nb.locator('blockquote').innerText()).toMatch(/^Ja, jeg vil gjerne få e-post fra Nettfokus om/);
    const ours = nb.getByRole('radio', { name: 'Standardteksten' });
    expect(await ours.isChecked()).toBe(true);
    expect(await nb.getByRole('textbox').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // Keys only: the arrow key picks the site's own wording, Tab reaches its text.
    await ours.focus();
    await page.keyboard.press('ArrowDown');
    expect(await nb.getByRole('radio', { name: 'Nettstedets egen tekst' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedName(page)).toBe('Nettstedets egen tekst (bokmål)');
    const field = nb.getByLabel('Nettstedets egen tekst (bokmål)');
    // The rules are read with the field: the limit, the placeholder and that links are not made.
    expect(await description(field)).toMatch(/\{company\}.*blir aldri lenker.*«Les personvernerklæringen».*Høyst 2 000 tegn/);
    expect(await axeViolations(page)).toEqual([]);

    // Saved empty first: refused, the field named in the summary that takes focus, and reached from it.
    await tabTo(page, 'Lagre', 250);
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert').filter({ has: page.getByRole('listitem') });
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Samtykkeboksen (bokmål): Skriv nettstedets egen tekst');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('s-issues');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('s-texts-marketingEmail-nb');
    await page.keyboard.type(own);
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    await tabTo(page, 'Lagre', 250);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Lagret.' }).waitFor();
    const settings = (await e2e.server.store.getSite('pk_demo_nettfokus'))!.settings;
    // Only Bokmål is the site's own: English keeps our wording.
    expect(settings.texts).toEqual({ marketingEmail: { nb: own } });
    // After the reload the choice and the text are still there.
    await expect.poll(() => field.inputValue()).toBe(own);
    expect(errors).toEqual([]);
    await context.close();

    // A new visitor on the contact form reads the site's wording beside the box, ticks it and sends.
    const visitor = await e2e.browser.newContext();
    const demo = await visitor.newPage();
    await demo.goto(`${e2e.server.url}/kontakt.html`);
    await demo.getByRole('button', { name: 'Avvis alle' }).click();
    await demo.getByLabel('Navn').fill('Ola Ordlyd');
    await demo.getByLabel('E-post', { exact: true }).fill('ola.ordlyd@example.no');
    const box = demo.getByRole('checkbox', { name: shown });
    expect(await demo.locator('label', { hasText: 'nyhetsbrevet om kundeoppfølging' }).innerText()).toBe(`${shown} Les personvernerklæringen`);
    await box.check();
    await Promise.all([demo.waitForURL('**/demo/thanks'), demo.getByRole('button', { name: 'Kontakt meg' }).click()]);
    // The cookie refusal is in the history too, linked by the browser's consent id: the form's record is the one wanted.
    const record = await eventually(async () => (await e2e.server.store.consentHistory('ola.ordlyd@example.no')).find((r) => r.kind === 'form-consent'));
    await visitor.close();
    // The proof points at exactly the text shown: the site's wording with the policy link after it.
    expect(record!.purposes).toEqual([expect.objectContaining({ purpose: 'marketing-email', decision: 'granted' })]);
    expect(record!.notice.text).toBe(`${shown} [Les personvernerklæringen](${settings.policy.url})`);
    expect(record!.notice.textHash).toBe(sha256Hex(record!.notice.text));
    expect(record!.notice.lang).toBe('nb');
  });

  it('keeps unsaved settings when another site is picked or a site is added: the owner saves, discards or stays, by keyboard, and axe passes', async () => {
    const demo = (await e2e.server.store.getSite('pk_demo_nettfokus'))!.settings;
    await e2e.server.store.createSite({ ...demo, key: 'pk_ulagret_www', name: 'Ulagret AS', origins: ['https://www.ulagret.example'] });
    const { context, page, errors } = await signedInOn('Innstillinger');
    const picker = page.getByLabel('Nettsted', { exact: true });
    const name = page.getByLabel('Firmanavn');
    const prompt = page.locator('#unsaved');
    const asksBeforeUnload = () => page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })));
    await expect.poll(() => name.inputValue()).toBe(demo.name);

    // Nothing changed: the other site opens at once, and nothing asks.
    await picker.selectOption('pk_ulagret_www');
    await expect.poll(() => name.inputValue()).toBe('Ulagret AS');
    await picker.selectOption('pk_demo_nettfokus');
    await expect.poll(() => name.inputValue()).toBe(demo.name);
    expect(await prompt.count()).toBe(0);
    expect(await asksBeforeUnload()).toBe(false);

    // Changed: picking another site asks first, and the form and the picker stay on this one.
    await name.fill('Nettfokus Endret');
    expect(await asksBeforeUnload()).toBe(true);
    await picker.selectOption('pk_ulagret_www');
    const alert = page.getByRole('alert').filter({ hasText: 'Endringene er ikke lagret.' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('går over til Ulagret AS');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('unsaved');
    expect(await picker.inputValue()).toBe('pk_demo_nettfokus');
    expect(await axeViolations(page)).toEqual([]);
    // Keyboard alone: past "Lagre først" and "Forkast endringene" to "Bli her"; focus goes back to the picker.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Bli her');
    await page.keyboard.press('Enter');
    await expect.poll(() => prompt.count()).toBe(0);
    await expect.poll(() => focusedName(page)).toBe('Nettsted');
    expect(await name.inputValue()).toBe('Nettfokus Endret');

    // Discard: the other site's settings are shown, nothing was saved, and nothing is left to warn about.
    await picker.selectOption('pk_ulagret_www');
    await alert.waitFor();
    await page.getByRole('button', { name: 'Forkast endringene' }).click();
    await expect.poll(() => name.inputValue()).toBe('Ulagret AS');
    expect(await picker.inputValue()).toBe('pk_ulagret_www');
    expect(await prompt.count()).toBe(0);
    expect(await asksBeforeUnload()).toBe(false);
    expect((await e2e.server.store.getSite('pk_demo_nettfokus'))!.settings.name).toBe(demo.name);

    // A policy text being edited counts too; Escape means stay.
    const bokmal = page.getByRole('form', { name: 'Bokmål', exact: true });
    await bokmal.getByLabel('Tekst (Markdown)').fill('# Personvern hos Ulagret\n\n## Sykler\n\nVi lagrer rammenummeret i ti år.\n');
    await picker.selectOption('pk_demo_nettfokus');
    await alert.waitFor();
    // The prompt takes focus once drawn; Escape before that would go to the picker.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('unsaved');
    await page.keyboard.press('Escape');
    await expect.poll(() => prompt.count()).toBe(0);
    expect(await bokmal.getByLabel('Tekst (Markdown)').inputValue()).toContain('rammenummeret');

    // Save first, before adding a site: both changes are stored, then the new site's form opens.
    await name.fill('Ulagret og Lagret AS');
    await page.getByRole('button', { name: 'Legg til et nettsted' }).click();
    await alert.filter({ hasText: 'legger til et nytt nettsted' }).waitFor();
    await page.getByRole('button', { name: 'Lagre først' }).click();
    await expect.poll(() => focusedName(page)).toBe('Offentlig nøkkel');
    expect((await e2e.server.store.getSite('pk_ulagret_www'))!.settings.name).toBe('Ulagret og Lagret AS');
    expect((await e2e.server.store.getPolicy('pk_ulagret_www', 'nb'))!.markdown).toContain('rammenummeret');
    expect(await asksBeforeUnload()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks before signing out while settings are unsaved, from any page: stay keeps them, discard and save first sign out, by keyboard, and axe passes', async () => {
    const { context, page, errors } = await signedInOn('Innstillinger');
    const picker = page.getByLabel('Nettsted', { exact: true });
    const name = page.getByLabel('Firmanavn');
    const prompt = page.locator('#unsaved');
    const asksBeforeUnload = () => page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })));
    await expect.poll(() => name.inputValue()).not.toBe('');
    const key = await picker.inputValue();
    const before = (await e2e.server.store.getSite(key))!.settings.name;
    const policyBefore = (await e2e.server.store.getPolicy(key, 'nb'))?.markdown;

    // Changed, then "Logg ut" from the keyboard: asked first, and still signed in.
    await name.fill(`${before} Endret`);
    await tabTo(page, 'Logg ut', 80, 'Shift+Tab');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'Endringene er ikke lagret.' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Logger du ut nå');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('unsaved');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Bli her');
    await page.keyboard.press('Enter');
    await expect.poll(() => prompt.count()).toBe(0);
    await expect.poll(() => focusedName(page)).toBe('Logg ut');
    expect(await name.inputValue()).toBe(`${before} Endret`);
    expect(await page.getByRole('navigation', { name: 'Hovedmeny' }).count()).toBe(1);

    // A policy text being edited too, and sign-out asked for on another page: taken back to the
    // settings, where discarding signs out and leaves nothing to warn about.
    await page.getByRole('form', { name: 'Bokmål', exact: true }).getByLabel('Tekst (Markdown)').fill('# Personvern\n\n## Utkast\n\nIkke ferdig.\n');
    await page.getByRole('link', { name: 'Samtykker' }).click();
    await page.getByRole('heading', { level: 1, name: 'Samtykker' }).waitFor();
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await alert.waitFor();
    expect(page.url()).toContain('#/settings');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('unsaved');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Forkast endringene');
    await page.keyboard.press('Enter');
    await page.getByLabel('Passord').waitFor();
    expect(await asksBeforeUnload()).toBe(false);
    expect((await e2e.server.store.getSite(key))!.settings.name).toBe(before);
    expect((await e2e.server.store.getPolicy(key, 'nb'))?.markdown).toBe(policyBefore);

    // Signed in again, in English: "Save first" stores the change, then signs out.
    await signIn(page, e2e.server.url);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    const companyName = page.getByLabel('Company name');
    await expect.poll(() => companyName.inputValue()).toBe(before);
    await companyName.fill(`${before} Lagret`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    const english = page.getByRole('alert').filter({ hasText: 'Your changes are not saved.' });
    await english.waitFor();
    expect(await english.innerText()).toContain('Signing out now');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Save first');
    await page.keyboard.press('Enter');
    await page.getByLabel('Password').waitFor();
    expect((await e2e.server.store.getSite(key))!.settings.name).toBe(`${before} Lagret`);
    expect(await asksBeforeUnload()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
