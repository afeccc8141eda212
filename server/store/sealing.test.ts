import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SITE } from '../testing.ts';
import { createDataCipher } from '../util/data-cipher.ts';
import { backends, type TestStore } from './backends.testing.ts';
import type { Store } from './types.ts';

const key = () => randomBytes(32).toString('base64');
const idOf = (k: string) => createDataCipher({ current: Buffer.from(k, 'base64') }).keyId;

/** A message, a handed-over reply address, a rights request (with its trail) and an export: every sealed column. */
async function writePersonalData(store: Store): Promise<void> {
  const at = new Date('2024-03-01T10:00:00.000Z');
  await store.createConversation({ id: 'c1', site: SITE, lang: 'nb', tokenHash: 'x', at });
  await store.appendMessage('c1', { id: 'm1', author: 'visitor', text: 'Roterende hemmelighet', at });
  await store.handOver('c1', 'svar@example.no', at);
  await store.createRightsRequest({ id: 'r1', site: SITE, tokenHash: 'y', kind: 'question', lang: 'nb', name: 'Rota Rotasen', email: 'rota@example.no', details: { message: 'Hva vet dere?' }, conversationId: 'c1', receivedAt: at });
  await store.putRequestExport('r1', '{"records":[]}', at, new Date('2024-03-08T10:00:00.000Z'));
  const account = await store.createAccount({ email: 'eier@example.no', sites: [{ site: SITE, role: 'owner' }], passwordHash: 'x' });
  await store.beginTwoFactor(account.id, 'JBSWY3DPEHPK3PXP', at);
}

/** The key id of every sealed value, per kind: rewritten columns and the append-only trail. */
async function keyIds(t: TestStore) {
  const ids = async (statement: string) => (await t.query<{ v: string | null }>(statement)).flatMap((r) => (r.v ? [r.v.split(':')[2]] : []));
  const rewritten = [
    ...(await ids('SELECT body AS v FROM messages')),
    ...(await ids('SELECT reply_email AS v FROM conversations')),
    ...(await ids('SELECT name AS v FROM requests')),
    ...(await ids('SELECT email AS v FROM requests')),
    ...(await ids('SELECT details AS v FROM requests')),
    ...(await ids('SELECT body AS v FROM request_exports')),
    ...(await ids('SELECT secret AS v FROM account_totp')),
  ];
  return { rewritten: new Set(rewritten), count: rewritten.length, trail: new Set(await ids('SELECT data AS v FROM request_events WHERE data IS NOT NULL')) };
}

describe.each(backends)('$name store, data at rest', ({ open }) => {
  it('seals every value again with a new key at open, keeps the trail under the old one, and refuses to start without it', async () => {
    const k1 = key();
    const k2 = key();
    const t = await open({ dataKey: k1 });
    await writePersonalData(t.store);
    await t.store.close();

    // The trail is append-only and sealed with k1: without k1 it could never be read again.
    await expect(t.reopen({ dataKey: k2 })).rejects.toThrow(/SAMTYKKE_DATA_KEYS_OLD/);
    const store = await t.reopen({ dataKey: k2, oldDataKeys: [k1] });
    expect((await store.messagesAfter('c1', 0))[0]!.text).toBe('Roterende hemmelighet');
    expect(await store.getRightsRequest('r1')).toMatchObject({ name: 'Rota Rotasen', email: 'rota@example.no', details: { message: 'Hva vet dere?' } });
    expect((await store.requestsByEmail('ROTA@example.no ', SITE)).map((r) => r.id)).toEqual(['r1']);
    expect((await store.twoFactorOf(1))?.secret).toBe('JBSWY3DPEHPK3PXP');
    const sealed = await keyIds(t);
    expect(sealed.count).toBe(7);
    expect(sealed.rewritten).toEqual(new Set([idOf(k2)]));
    expect(sealed.trail).toEqual(new Set([idOf(k1)]));
  });

  it('moves values sealed with a generated development key to SAMTYKKE_DATA_KEY, and forgets the development key once nothing needs it', async () => {
    const t = await open();
    const at = new Date('2024-03-01T10:00:00.000Z');
    await t.store.createConversation({ id: 'c1', site: SITE, lang: 'nb', tokenHash: 'x', at });
    await t.store.appendMessage('c1', { id: 'm1', author: 'visitor', text: 'Utviklingsnøkkel', at });
    const [dev] = await t.query<{ value: string }>("SELECT value FROM meta WHERE key = 'data_key'");
    expect((await keyIds(t)).rewritten).toEqual(new Set([idOf(dev!.value)]));
    await t.store.close();

    const real = key();
    const store = await t.reopen({ dataKey: real });
    expect((await store.messagesAfter('c1', 0))[0]!.text).toBe('Utviklingsnøkkel');
    expect((await keyIds(t)).rewritten).toEqual(new Set([idOf(real)]));
    expect(await t.query("SELECT value FROM meta WHERE key = 'data_key'")).toEqual([]);
  });
});
