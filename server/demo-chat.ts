import fs from 'node:fs';
import path from 'node:path';
import type { Lang } from '../protocol/index.ts';
import type { Store } from './store/index.ts';

/** The demo's policy files, one per language, as the site owner would upload them. */
const DEMO_POLICIES: { lang: Lang; file: string; page: string }[] = [
  { lang: 'nb', file: 'policy/personvern.nb.md', page: 'personvern.html' },
  { lang: 'en', file: 'policy/privacy.en.md', page: 'privacy.html' },
];

/**
 * Gives the demo site what its chat needs: a (fictional) data protection contact, the `NF`
 * reference prefix and both policies, re-read from `demoDir` at every start so edits show at once.
 */
export async function ensureDemoChat(store: Store, siteKey: string, demoDir: string, publicUrl: string): Promise<void> {
  const site = (await store.getSite(siteKey))?.settings;
  if (!site) return;
  // Read and written in one transaction: a second instance starting at the same moment adds its
  // own origins to the site, and writing back the copy read above would take them away again.
  await store.updateSite(siteKey, (current) => (current.chat.dpoEmail ? undefined : { ...current, chat: { dpoEmail: 'personvern@nettfokus.example', referencePrefix: 'NF' } }));
  for (const { lang, file, page } of DEMO_POLICIES) {
    const full = path.join(demoDir, file);
    if (!fs.existsSync(full)) continue;
    await store.putPolicy({ site: siteKey, lang, markdown: fs.readFileSync(full, 'utf8'), url: `${publicUrl}/${page}`, version: site.policy.version });
  }
}
