/**
 * An outage in a real browser: the site keeps serving its pages while the Samtykke server is down.
 * The visitor makes cookie choices, ticks consent on two forms and writes in the chat across
 * several page loads; when the server is back, everything arrives exactly once, in order, and the
 * browser's outbox is empty.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../setup/browser.ts';
import type { TestServer } from '../setup/server.ts';
import { realBrowserAndServer } from '../setup/e2e.ts';

const DEMO = path.resolve(import.meta.dirname, '../../demo');
const SITE = 'pk_demo_nettfokus';

/** The site itself, on an origin of its own, with our tag pointing at the Samtykke server. */
function startSite(apiUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site');
    if (req.method === 'POST') {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><html lang="nb"><title>Takk</title><h1>Takk!</h1>');
      return;
    }
    const file = path.join(DEMO, url.pathname === '/' ? 'index.html' : url.pathname);
    if (!file.startsWith(DEMO) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return void res.writeHead(404).end();
    let body: string | Buffer = fs.readFileSync(file);
    if (file.endsWith('.html')) body = body.toString('utf8').replace('src="/s/', `src="${apiUrl}/s/`);
    res.writeHead(200, { 'Content-Type': file.endsWith('.css') ? 'text/css' : file.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8' }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

async function allowSiteOrigin(api: TestServer, origin: string): Promise<void> {
  const settings = (await api.store.getSite(SITE))!.settings;
  if (!settings.origins.includes(origin)) await api.store.upsertSite({ ...settings, origins: [...settings.origins, origin] });
}

function query<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

async function outboxLeft(page: Page): Promise<{ pending: string | null; journal: string | null; idb: number }> {
  return page.evaluate(async () => {
    const idb = await new Promise<number>((resolve) => {
      const open = indexedDB.open('samtykke');
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('outbox')) return resolve(0);
        const count = db.transaction('outbox').objectStore('outbox').count();
        count.onsuccess = () => resolve(count.result);
      };
      open.onerror = () => resolve(-1);
    });
    return { pending: localStorage.getItem('samtykke:pending'), journal: localStorage.getItem('samtykke:journal'), idb };
  });
}

describe('an outage of the Samtykke server', () => {
  const e2e = realBrowserAndServer();
  let site: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    site = await startSite(e2e.server.url);
    await allowSiteOrigin(e2e.server, site.url);
  });
  // Runs before the server and browser are closed (after-hooks run in reverse).
  afterAll(async () => {
    await site?.close();
  });

  it('loses nothing the visitor did while it was down, and stores each thing once, in order', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // While the server is up, the visitor has been here before: scripts and settings are cached.
    // (Chunks come from the Samtykke server: only those fetched before the outage are in the cache.)
    await page.goto(`${site.url}/webinar.html`);
    await page.getByRole('button', { name: /Avvis alle/ }).waitFor();
    await page.getByRole('button', { name: /Velg selv/ }).click();
    await page.getByRole('switch').first().waitFor();
    await page.keyboard.press('Escape');
    await page.goto(`${site.url}/kontakt.html`);
    await page.getByRole('button', { name: 'Personvernchat' }).click();
    await page.getByRole('dialog', { name: 'Personvernchat' }).getByLabel('Skriv et spørsmål').waitFor();
    await page.keyboard.press('Escape');

    await e2e.server.stop();

    // 1. Cookie choice on the first page while down: accept everything.
    await page.reload();
    await page.getByRole('button', { name: /Godta alle/ }).click();
    // 2. Consent in the contact form.
    await page.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ }).check();
    await page.getByLabel('Navn').fill('Kari Nordmann');
    await page.getByLabel('E-post', { exact: true }).fill('kari.outage@example.no');
    await Promise.all([page.waitForURL('**/demo/thanks'), page.getByRole('button', { name: 'Kontakt meg' }).click()]);

    // 3. Another page: change the cookie choice (withdraw marketing), and sign up for the webinar.
    await page.goto(`${site.url}/webinar.html`);
    await page.getByRole('button', { name: 'Personverninnstillinger' }).click();
    const prefs = page.getByRole('dialog').filter({ has: page.getByRole('switch') }).first();
    await prefs.getByRole('switch', { name: /Markedsføring/ }).click();
    await prefs.getByRole('button', { name: /Lagre/ }).click();
    await page.getByRole('checkbox', { name: /Ja, jeg vil gjerne/ }).check();
    await page.getByLabel('Navn').fill('Kari Nordmann');
    await page.getByLabel('E-post', { exact: true }).fill('kari.outage@example.no');
    await Promise.all([page.waitForURL('**/demo/thanks'), page.getByRole('button', { name: 'Meld meg på' }).click()]);

    // 4. A third page: two chat messages, typed while the server is still down.
    await page.goto(`${site.url}/`);
    await page.getByRole('button', { name: 'Personvernchat' }).click();
    const draft = page.getByRole('dialog', { name: 'Personvernchat' }).getByLabel('Skriv et spørsmål');
    await draft.fill('første melding mens serveren er nede');
    await page.keyboard.press('Enter');
    await draft.fill('andre melding mens serveren er nede');
    await page.keyboard.press('Enter');
    expect(query(e2e.server.dbPath, "SELECT 1 FROM subjects WHERE email = 'kari.outage@example.no'")).toEqual([]);

    // The server comes back; the next page load (or the online event) sends everything.
    await e2e.server.restart();
    await allowSiteOrigin(e2e.server, site.url);
    await page.goto(`${site.url}/kontakt.html`);

    type Row = { kind: string; purposes: string; form_id: string | null; consent_id: string | null; client_time: string; seq: number };
    const forms = await eventually(() => {
      const rows = query<Row>(e2e.server.dbPath, "SELECT e.* FROM consent_events e JOIN subjects s ON s.id = e.subject_id WHERE s.email = 'kari.outage@example.no' ORDER BY e.seq");
      return rows.length >= 2 ? rows : undefined;
    }, 20_000);
    const consentId = await page.evaluate(() => (JSON.parse(localStorage.getItem('samtykke:choice') ?? '{}') as { consentId?: string }).consentId);
    const cookies = await eventually(() => {
      const rows = query<Row>(e2e.server.dbPath, "SELECT * FROM consent_events WHERE kind = 'cookie-choice' AND consent_id = ? ORDER BY seq", consentId);
      return rows.length >= 2 ? rows : undefined;
    }, 20_000);
    // Message bodies are encrypted at rest: read them as staff do, through the admin API.
    const visitorTexts = async () => {
      const admin = { Authorization: `Bearer ${e2e.server.adminToken}` };
      const list = (await (await fetch(`${e2e.server.url}/admin/v1/conversations?site=${SITE}`, { headers: admin })).json()) as { conversations: { id: string }[] };
      const texts: string[] = [];
      for (const c of list.conversations) {
        const found = (await (await fetch(`${e2e.server.url}/admin/v1/conversations/${c.id}`, { headers: admin })).json()) as { messages: { author: string; text: string }[] };
        texts.push(...found.messages.filter((m) => m.author === 'visitor').map((m) => m.text));
      }
      return texts;
    };
    const messages = await eventually(async () => {
      const texts = (await visitorTexts()).filter((t) => t.includes('mens serveren er nede'));
      return texts.length >= 2 ? texts : undefined;
    }, 20_000);
    // Time for any duplicate to land before counting.
    await page.waitForTimeout(1500);

    expect(forms.map((r) => r.form_id)).toEqual(['kontakt-meg', 'webinar-lead-til-kunde']);
    expect(query(e2e.server.dbPath, "SELECT count(*) AS n FROM consent_events e JOIN subjects s ON s.id = e.subject_id WHERE s.email = 'kari.outage@example.no'")).toEqual([{ n: 2 }]);
    expect(query(e2e.server.dbPath, "SELECT count(*) AS n FROM consent_events WHERE kind = 'cookie-choice' AND consent_id = ?", consentId)).toEqual([{ n: 2 }]);
    // In the order the visitor made them: all granted first, then marketing withdrawn.
    const granted = (r: Row) => Object.fromEntries((JSON.parse(r.purposes) as { purpose: string; decision: string }[]).map((p) => [p.purpose, p.decision]));
    expect(granted(cookies[0]!)).toMatchObject({ statistics: 'granted', marketing: 'granted' });
    expect(granted(cookies[1]!)).toMatchObject({ statistics: 'granted', marketing: 'withdrawn' });
    expect(cookies[0]!.client_time < cookies[1]!.client_time).toBe(true);
    expect((await visitorTexts()).filter((t) => t.includes('mens serveren er nede'))).toEqual(['første melding mens serveren er nede', 'andre melding mens serveren er nede']);
    expect(messages).toHaveLength(2);

    await eventually(async () => {
      const left = await outboxLeft(page);
      return left.pending === null && left.journal === null && left.idb === 0 ? true : undefined;
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
