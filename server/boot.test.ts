import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test/setup/fresh-database.ts';
import { startTestServer, type TestServer } from '../test/setup/server.ts';
import { DEMO_SITE_KEY, startServer } from './boot.ts';
import { readEnv } from './env.ts';
import { silentLogger, type Logger } from './log.ts';
import { formEvent } from './testing.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('a real server on a socket', () => {
  it('registers the demo site for its own origin, takes a browser write, and survives a restart on the same port', async () => {
    const server = await startTestServer();
    servers.push(server);
    expect(server.adminToken).toMatch(/^at_/);
    expect(server.demoSecretKey).toMatch(/^sk_/);
    const config = await (await fetch(`${server.url}/v1/sites/${DEMO_SITE_KEY}/config`, { headers: { Origin: server.url } })).json();
    const event = formEvent(config.texts.marketingEmail.hash, {
      notice: { textHash: config.texts.marketingEmail.hash, lang: 'nb', policyUrl: config.policy.url, policyVersion: config.policy.version },
    });
    const post = () =>
      fetch(`${server.url}/v1/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', Origin: server.url },
        body: JSON.stringify({ site: DEMO_SITE_KEY, events: [event] }),
      });
    expect((await (await post()).json()).acked).toEqual([{ id: event.id, receiptId: event.id, replay: false }]);

    await server.stop();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    await server.restart();
    expect((await (await post()).json()).acked[0].replay).toBe(true);
    expect(await server.store.countConsentEvents()).toBe(1);
    expect((await server.store.verifyChain(DEMO_SITE_KEY)).ok).toBe(true);
  });

  it('loads SITES_FILE and names the bad entry when it is wrong', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-boot-'));
    const sitesFile = path.join(dir, 'sites.json');
    const site = { key: 'pk_from_file_1', name: 'Fil AS', origins: ['https://fil.example'], policy: { url: 'https://fil.example/p', version: '2024-01-01' } };
    // A material-change mark belongs to one console save; read from a file at every start it is dropped.
    fs.writeFileSync(sitesFile, JSON.stringify([{ ...site, policy: { ...site.policy, materialChange: true } }]));
    const env = { DATABASE_PATH: path.join(dir, 'a.db'), PORT: '0', SITES_FILE: sitesFile };
    const running = await startServer(readEnv(env), { log: silentLogger });
    expect(running.createdSites.map((s) => s.key)).toEqual([DEMO_SITE_KEY, 'pk_from_file_1']);
    expect((await running.store.getSite('pk_from_file_1'))!.settings.policy).not.toHaveProperty('materialChange');
    await running.close();

    fs.writeFileSync(sitesFile, JSON.stringify([site, { ...site, key: 'bad key' }]));
    await expect(startServer(readEnv(env), { log: silentLogger })).rejects.toThrow(/site 1, key/);
  });

  it('keeps what an owner changed in the console across restarts with the same SITES_FILE, and applies an entry changed in the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-boot-'));
    const sitesFile = path.join(dir, 'sites.json');
    const site = { key: 'pk_from_file_2', name: 'Fil AS', origins: ['https://fil.example'], policy: { url: 'https://fil.example/p', version: '2024-01-01' } };
    fs.writeFileSync(sitesFile, JSON.stringify([site]));
    const env = { DATABASE_PATH: path.join(dir, 'a.db'), PORT: '0', SITES_FILE: sitesFile };
    const start = () => startServer(readEnv(env), { log: silentLogger });

    let running = await start();
    // An owner renames the site in the console.
    const stored = (await running.store.getSite(site.key))!.settings;
    await running.store.upsertSite({ ...stored, name: 'Fil AS (endret i konsollen)' });
    await running.close();

    running = await start();
    expect((await running.store.getSite(site.key))!.settings.name).toBe('Fil AS (endret i konsollen)');
    await running.close();

    fs.writeFileSync(sitesFile, JSON.stringify([{ ...site, name: 'Fil AS, ny fil' }]));
    running = await start();
    expect((await running.store.getSite(site.key))!.settings.name).toBe('Fil AS, ny fil');
    expect(running.createdSites.map((s) => s.key)).not.toContain(site.key);
    await running.close();
  });

  it('runs on PostgreSQL when DATABASE_URL is set, two instances starting at once, and logs the backend without the password', async () => {
    const db = await freshDatabase();
    try {
      const lines: { message: string; fields?: Record<string, unknown> }[] = [];
      const log: Logger = { info: (message, fields) => lines.push({ message, fields }), warn: () => {}, error: () => {} };
      const config = readEnv({ DATABASE_URL: db.url, PORT: '0' });
      const [a, b] = await Promise.all([startServer(config, { log }), startServer(config, { log })]);
      try {
        const url = new URL(db.url);
        expect(lines.filter((l) => l.message === 'store').map((l) => l.fields)).toEqual([
          { backend: 'postgres', database: `${url.hostname}:${url.port}/${db.name}` },
          { backend: 'postgres', database: `${url.hostname}:${url.port}/${db.name}` },
        ]);
        expect(JSON.stringify(lines)).not.toContain(decodeURIComponent(url.password));
        expect(await a.store.listSiteKeys()).toEqual([DEMO_SITE_KEY]);
        // Both registered their own port's origins on the one demo site.
        const origins = (await b.store.getSite(DEMO_SITE_KEY))!.settings.origins;
        expect(origins).toEqual(expect.arrayContaining([`http://127.0.0.1:${a.port}`, `http://127.0.0.1:${b.port}`]));
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    } finally {
      await db.drop();
    }
  });
});

describe('production mode', () => {
  const KEYS = { SAMTYKKE_SECRET: 'boot-prod-secret-0123456789abcdef-0123', SAMTYKKE_DATA_KEY: Buffer.alloc(32, 4).toString('base64') };

  it('makes no demo site, serves no demo pages and makes no admin token; SAMTYKKE_DEMO=1 brings the demo back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-boot-prod-'));
    const env = { NODE_ENV: 'production', DATABASE_PATH: path.join(dir, 'a.db'), PORT: '0', MAIL_OUTBOX_DIR: path.join(dir, 'mail'), DEMO_DIR: path.resolve(import.meta.dirname, '../demo'), ...KEYS };
    const running = await startServer(readEnv(env), { log: silentLogger });
    try {
      expect(running).toMatchObject({ demo: false, createdSites: [] });
      expect(running.adminToken).toBeUndefined();
      expect(await running.store.hasAdminToken()).toBe(false);
      expect(await running.store.getSite(DEMO_SITE_KEY)).toBeUndefined();
      expect((await fetch(`${running.url}/health/ready`)).status).toBe(200);
    } finally {
      await running.close();
    }
    const demo = await startServer(readEnv({ ...env, SAMTYKKE_DEMO: '1' }), { log: silentLogger });
    try {
      expect(demo.demo).toBe(true);
      expect(demo.adminToken).toBeUndefined();
      expect(await demo.store.getSite(DEMO_SITE_KEY)).toBeDefined();
      for (const p of ['/', '/kontakt.html', '/personvern.html']) expect((await fetch(`${demo.url}${p}`)).status, p).toBe(200);
    } finally {
      await demo.close();
    }
    // The demo site is still in the database now; without SAMTYKKE_DEMO none of its pages is served.
    const again = await startServer(readEnv(env), { log: silentLogger });
    try {
      expect(await again.store.getSite(DEMO_SITE_KEY)).toBeDefined();
      for (const p of ['/', '/kontakt.html', '/strict/kontakt.html', '/personvern.html', '/privacy.html']) expect((await fetch(`${again.url}${p}`)).status, p).toBe(404);
      expect((await fetch(`${again.url}/demo/thanks`, { method: 'POST' })).status).toBe(404);
    } finally {
      await again.close();
    }
  });
});
