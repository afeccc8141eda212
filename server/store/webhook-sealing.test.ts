import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formEvent, SITE } from '../testing.ts';
import { backends } from './backends.testing.ts';
import type { Store } from './types.ts';

const key = () => randomBytes(32).toString('base64');

/** The secret the outbox would sign the next due delivery with. */
async function signingSecret(store: Store, textHash: string): Promise<string> {
  await store.appendConsentEvents([{ site: SITE, event: formEvent(textHash), receivedAt: new Date(), source: 'browser' }]);
  const [claimed] = await store.claimWebhookDeliveries(new Date(), 1, 1000);
  return claimed!.secret;
}

describe.each(backends)('webhook endpoint secrets on $name', ({ open }) => {
  it('are sealed with the data key at rest and opened only to sign', async () => {
    const t = await open({ dataKey: key() });
    const { endpoint, secret } = await t.store.createWebhookEndpoint({ site: SITE, url: 'https://crm.example.no/hooks', events: ['consent.granted'], at: new Date() });
    const [row] = await t.query<{ secret: string }>(`SELECT secret FROM webhook_endpoints WHERE id = '${endpoint.id}'`);
    expect(row!.secret).toMatch(/^enc:v1:/);
    expect(row!.secret).not.toContain(secret.slice('whsec_'.length, 20));
    expect(await signingSecret(t.store, t.textHash)).toBe(secret);
  });

  it('seals a secret stored in the clear by an older server at the next start, and re-seals after a key rotation', async () => {
    const k1 = key();
    const t = await open({ dataKey: k1 });
    const { endpoint, secret } = await t.store.createWebhookEndpoint({ site: SITE, url: 'https://crm.example.no/hooks', events: ['consent.granted'], at: new Date() });
    // As an older server left it.
    await t.exec(`UPDATE webhook_endpoints SET secret = '${secret}' WHERE id = '${endpoint.id}'`);
    const k2 = key();
    const store = await t.reopen({ dataKey: k2, oldDataKeys: [k1] });
    const [row] = await t.query<{ secret: string }>(`SELECT secret FROM webhook_endpoints WHERE id = '${endpoint.id}'`);
    expect(row!.secret).toMatch(/^enc:v1:/);
    expect(await signingSecret(store, t.textHash)).toBe(secret);
    // Once re-sealed with k2, k1 is no longer needed to open it.
    const again = await t.reopen({ dataKey: k2 });
    await again.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash), receivedAt: new Date(), source: 'browser' }]);
    const claimed = await again.claimWebhookDeliveries(new Date(Date.now() + 10_000), 5, 1000);
    expect(claimed.map((c) => c.secret)).toContain(secret);
  });
});
