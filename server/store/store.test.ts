import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cookieEvent, formEvent, SITE, tempStore } from '../testing.ts';
import { openSqliteStore } from './sqlite/index.ts';
import type { NewConsentEvent, Store } from './types.ts';

const open: Store[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function setup(options: Parameters<typeof tempStore>[0] = {}) {
  const t = await tempStore(options);
  open.push(t.store);
  return t;
}

const item = (event: NewConsentEvent['event'], over: Partial<NewConsentEvent> = {}): NewConsentEvent => ({
  site: SITE,
  event,
  receivedAt: new Date('2024-03-01T10:00:01.000Z'),
  source: 'browser',
  ...over,
});

describe('SQLite store', () => {
  it('stores an event once and acknowledges a replay of the same body', async () => {
    const { store, textHash } = await setup();
    const event = formEvent(textHash);
    const [first] = await store.appendConsentEvents([item(event)]);
    const [again] = await store.appendConsentEvents([item(structuredClone(event))]);
    expect(first).toEqual({ ok: true, id: event.id, receiptId: event.id, replay: false });
    expect(again).toEqual({ ok: true, id: event.id, receiptId: event.id, replay: true });
    expect(await store.countConsentEvents(SITE)).toBe(1);
  });

  it('treats a differently cased email as the same body on replay', async () => {
    const { store, textHash } = await setup();
    const event = formEvent(textHash);
    await store.appendConsentEvents([item(event)]);
    const [again] = await store.appendConsentEvents([item({ ...event, subject: { email: 'KARI@example.no ' } })]);
    expect(again).toMatchObject({ ok: true, replay: true });
  });

  it('refuses the same id with another body', async () => {
    const { store, textHash } = await setup();
    const event = formEvent(textHash);
    await store.appendConsentEvents([item(event)]);
    const [conflict] = await store.appendConsentEvents([item({ ...event, basis: 'existing-customer' })]);
    expect(conflict).toMatchObject({ ok: false, error: 'id_conflict' });
    expect(await store.countConsentEvents()).toBe(1);
  });

  it('refuses an event pointing at a text it never served, without failing its neighbours', async () => {
    const { store, textHash } = await setup();
    const good = formEvent(textHash);
    const bad = formEvent('f'.repeat(64));
    const results = await store.appendConsentEvents([item(bad), item(good)]);
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    expect(results[0]).toMatchObject({ error: 'unknown_text' });
  });

  it('lets the database refuse a raw UPDATE or DELETE of a consent event', async () => {
    const { store, textHash, dbPath } = await setup();
    await store.appendConsentEvents([item(formEvent(textHash))]);
    const raw = new Database(dbPath);
    try {
      expect(() => raw.prepare("UPDATE consent_events SET basis = 'consent'").run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM consent_events').run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
    expect(await store.countConsentEvents()).toBe(1);
  });

  it('verifies the chain and finds a record edited behind its back', async () => {
    const { store, textHash, dbPath } = await setup();
    for (let i = 0; i < 3; i++) await store.appendConsentEvents([item(formEvent(textHash))]);
    expect(await store.verifyChain(SITE)).toEqual({ ok: true, count: 3 });
    const raw = new Database(dbPath);
    raw.exec('DROP TRIGGER consent_events_no_update');
    raw.prepare(`UPDATE consent_events SET purposes = '[{"purpose":"marketing-email","decision":"declined"}]' WHERE seq = 2`).run();
    raw.close();
    const check = await store.verifyChain(SITE);
    expect(check.ok).toBe(false);
    expect(check.firstBroken).toMatchObject({ seq: 2, reason: expect.stringMatching(/contents/) });
  });

  it('finds a record deleted from the middle of the chain', async () => {
    const { store, textHash, dbPath } = await setup();
    for (let i = 0; i < 3; i++) await store.appendConsentEvents([item(formEvent(textHash))]);
    const raw = new Database(dbPath);
    raw.exec('DROP TRIGGER consent_events_no_delete');
    raw.prepare('DELETE FROM consent_events WHERE seq = 2').run();
    raw.close();
    expect((await store.verifyChain(SITE)).firstBroken).toMatchObject({ seq: 3, reason: expect.stringMatching(/prev_hash/) });
  });

  it('keeps the chain verifiable after the email is erased', async () => {
    const { store, textHash, dbPath } = await setup();
    await store.appendConsentEvents([item(formEvent(textHash))]);
    const raw = new Database(dbPath);
    raw.prepare('UPDATE subjects SET email = NULL').run();
    raw.close();
    expect((await store.verifyChain(SITE)).ok).toBe(true);
    expect((await store.findConsentsByEmail('kari@example.no'))[0]?.email).toBeNull();
  });

  it('writes 200 concurrent appends in one group, each once, with the chain intact', async () => {
    const groups: number[] = [];
    const { store, textHash } = await setup({ onCommit: (n) => groups.push(n) });
    const events = Array.from({ length: 200 }, (_, i) => formEvent(textHash, { subject: { email: `p${i}@example.no` } }));
    const results = await Promise.all(events.map((e) => store.appendConsentEvents([item(e)])));
    expect(results.flat().every((r) => r.ok && !r.replay)).toBe(true);
    expect(results.map((r) => r[0]?.id)).toEqual(events.map((e) => e.id));
    expect(groups).toEqual([200]);
    expect(await store.countConsentEvents(SITE)).toBe(200);
    expect(await store.verifyChain(SITE)).toEqual({ ok: true, count: 200 });
  });

  it('rolls back only the event whose write fails inside a group, and keeps the chain whole', async () => {
    const { store, textHash, dbPath } = await setup();
    const raw = new Database(dbPath);
    raw.exec(`CREATE TRIGGER boom BEFORE INSERT ON consent_events WHEN NEW.form_id = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    raw.close();
    const good = formEvent(textHash);
    const bad = formEvent(textHash, { collection: { ...good.collection, formId: 'boom' } });
    const after = formEvent(textHash);
    const [r1, r2, r3] = await Promise.all([good, bad, after].map((e) => store.appendConsentEvents([item(e)])));
    expect([r1?.[0]?.ok, r2?.[0]?.ok, r3?.[0]?.ok]).toEqual([true, false, true]);
    expect(r2?.[0]).toMatchObject({ error: 'storage_unavailable' });
    expect(await store.verifyChain(SITE)).toEqual({ ok: true, count: 2 });
  });

  it('stores a duplicate id within one group once', async () => {
    const { store, textHash } = await setup();
    const event = formEvent(textHash);
    const [a, b] = await Promise.all([await store.appendConsentEvents([item(event)]), await store.appendConsentEvents([item(event)])]);
    expect([a?.[0], b?.[0]]).toMatchObject([{ ok: true, replay: false }, { ok: true, replay: true }]);
    expect(await store.countConsentEvents()).toBe(1);
  });

  it('returns the exact text shown and links cookie choices to the address, oldest first', async () => {
    const { store, textHash } = await setup();
    const consentId = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
    await store.appendConsentEvents([item(cookieEvent(textHash, consentId))]);
    const form = formEvent(textHash);
    await store.appendConsentEvents([item({ ...form, collection: { ...form.collection, consentId } })]);
    await store.appendConsentEvents([item(formEvent(textHash, { subject: { email: 'other@example.no' } }))]);
    const records = await store.findConsentsByEmail(' Kari@Example.no');
    expect(records.map((r) => r.kind)).toEqual(['cookie-choice', 'form-consent']);
    expect(records[1]?.notice.text).toContain('[Les personvernerklæringen](https://shop.example.no/personvern)');
    expect(records[1]?.email).toBe('kari@example.no');
    expect(await store.findConsentsByEmail('kari@example.no', 'pk_other_site1')).toEqual([]);
  });

  it('keeps a generated secret across restarts and refuses a different one', async () => {
    const { store, textHash, dbPath } = await setup({ secret: undefined });
    await store.appendConsentEvents([item(formEvent(textHash))]);
    await store.close();
    const reopened = openSqliteStore({ path: dbPath });
    open.push(reopened);
    expect(await reopened.findConsentsByEmail('kari@example.no')).toHaveLength(1);
    await expect(() => openSqliteStore({ path: dbPath, secret: 'another-secret-0123456789' })).toThrow(/SAMTYKKE_SECRET/);
  });

  it('checks admin tokens and site secrets by hash only', async () => {
    const { store, dbPath, siteSecret } = await setup();
    const token = await store.createAdminToken();
    expect(await store.verifyAdminToken(token)).toBe(true);
    expect(await store.verifyAdminToken(`${token}x`)).toBe(false);
    expect(await store.verifySiteSecret(SITE, siteSecret)).toBe(true);
    expect(await store.verifySiteSecret(SITE, 'sk_wrong')).toBe(false);
    const raw = new Database(dbPath, { readonly: true });
    const dump = JSON.stringify([raw.prepare('SELECT * FROM admin_tokens').all(), raw.prepare('SELECT * FROM sites').all()]);
    raw.close();
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(siteSecret);
  });

  it('keys the body hash with the secret, so it cannot be reversed by guessing an email', async () => {
    const bodyHashes = await Promise.all(
      ['secret-one-0123456789abcdef', 'secret-two-0123456789abcdef'].map(async (secret) => {
        const { store, textHash, dbPath } = await setup({ secret });
        await store.appendConsentEvents([item(formEvent(textHash, { id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b' }))]);
        const raw = new Database(dbPath, { readonly: true });
        try {
          return (raw.prepare('SELECT body_hash FROM consent_events').get() as { body_hash: string }).body_hash;
        } finally {
          raw.close();
        }
      }),
    );
    expect(bodyHashes[0]).not.toBe(bodyHashes[1]);
  });

  it('reports a sound file from the integrity check', async () => {
    expect(await (await await setup()).store.integrityCheck()).toEqual([]);
  });
});
