import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDemoChat } from './demo-chat.ts';
import { backends } from './store/backends.testing.ts';
import { SITE } from './testing.ts';

describe.each(backends)('the demo chat setup on $name', (backend) => {
  it('keeps origins another instance adds while it runs (no write-back of a stale copy)', async () => {
    const { store } = await backend.open();
    const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-demo-'));
    // A second instance starting at the same moment adds its origin right after this one has read the site.
    const getSite = store.getSite.bind(store);
    let raced = false;
    store.getSite = async (key) => {
      const site = await getSite(key);
      if (!raced) {
        raced = true;
        await store.updateSite(SITE, (s) => ({ ...s, origins: [...s.origins, 'http://127.0.0.1:4242'] }));
      }
      return site;
    };
    await ensureDemoChat(store, SITE, demoDir, 'http://localhost:8787');
    const after = (await getSite(SITE))!.settings;
    expect(after.origins).toContain('http://127.0.0.1:4242');
    expect(after.chat.dpoEmail).toBe('personvern@nettfokus.example');
    fs.rmSync(demoDir, { recursive: true, force: true });
  });
});
