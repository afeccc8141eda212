import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/setup/server.ts';
import { DEMO_SITE_KEY, startServer } from './boot.ts';
import { readEnv } from './env.ts';
import { silentLogger } from './log.ts';
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
    fs.writeFileSync(sitesFile, JSON.stringify([site]));
    const env = { DATABASE_PATH: path.join(dir, 'a.db'), PORT: '0', SITES_FILE: sitesFile };
    const running = await startServer(readEnv(env), { log: silentLogger });
    expect(running.createdSites.map((s) => s.key)).toEqual([DEMO_SITE_KEY, 'pk_from_file_1']);
    await running.close();

    fs.writeFileSync(sitesFile, JSON.stringify([site, { ...site, key: 'bad key' }]));
    await expect(startServer(readEnv(env), { log: silentLogger })).rejects.toThrow(/site 1, key/);
  });
});
