import { describe, expect, it } from 'vitest';
import { cookieEvent, formEvent, SITE } from '../testing.ts';
import { backends, type TestStore } from './backends.testing.ts';
import type { NewConsentEvent } from './types.ts';

const item = (event: NewConsentEvent['event'], over: Partial<NewConsentEvent> = {}): NewConsentEvent => ({
  site: SITE,
  event,
  receivedAt: new Date('2024-03-01T10:00:01.000Z'),
  source: 'browser',
  ...over,
});

/** The same tampering in each dialect: PostgreSQL names the table of a trigger. */
const dropTrigger = (t: TestStore, name: string) => t.exec(t.backend === 'sqlite' ? `DROP TRIGGER ${name}` : `DROP TRIGGER ${name} ON consent_events`);

describe.each(backends)('$name store', ({ name, open }) => {
  it('stores an event once and acknowledges a replay of the same body', async () => {
    const { store, textHash } = await open();
    const event = formEvent(textHash);
    const [first] = await store.appendConsentEvents([item(event)]);
    const [again] = await store.appendConsentEvents([item(structuredClone(event))]);
    expect(first).toEqual({ ok: true, id: event.id, receiptId: event.id, replay: false });
    expect(again).toEqual({ ok: true, id: event.id, receiptId: event.id, replay: true });
    expect(await store.countConsentEvents(SITE)).toBe(1);
  });

  it('treats a differently cased email as the same body on replay', async () => {
    const { store, textHash } = await open();
    const event = formEvent(textHash);
    await store.appendConsentEvents([item(event)]);
    const [again] = await store.appendConsentEvents([item({ ...event, subject: { email: 'KARI@example.no ' } })]);
    expect(again).toMatchObject({ ok: true, replay: true });
  });

  it('refuses the same id with another body', async () => {
    const { store, textHash } = await open();
    const event = formEvent(textHash);
    await store.appendConsentEvents([item(event)]);
    const [conflict] = await store.appendConsentEvents([item({ ...event, basis: 'existing-customer' })]);
    expect(conflict).toMatchObject({ ok: false, error: 'id_conflict' });
    expect(await store.countConsentEvents()).toBe(1);
  });

  it('refuses an event pointing at a text it never served, without failing its neighbours', async () => {
    const { store, textHash } = await open();
    const good = formEvent(textHash);
    const bad = formEvent('f'.repeat(64));
    const results = await store.appendConsentEvents([item(bad), item(good)]);
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    expect(results[0]).toMatchObject({ error: 'unknown_text' });
  });

  it('lets the database refuse a raw UPDATE or DELETE of a consent event', async () => {
    const t = await open();
    await t.store.appendConsentEvents([item(formEvent(t.textHash))]);
    await expect(t.exec("UPDATE consent_events SET basis = 'consent'")).rejects.toThrow(/append-only/);
    await expect(t.exec('DELETE FROM consent_events')).rejects.toThrow(/append-only/);
    if (name === 'postgres') await expect(t.exec('TRUNCATE consent_events CASCADE')).rejects.toThrow(/append-only/);
    expect(await t.store.countConsentEvents()).toBe(1);
  });

  it('lets a request\'s trail lose only the data of an entry, never the entry or its other fields', async () => {
    const t = await open();
    const at = new Date('2024-03-02T12:00:00.000Z');
    await t.store.createRightsRequest({ id: 'req-raw', site: SITE, tokenHash: 'x'.repeat(64), kind: 'rectification', lang: 'nb', name: 'Kari', email: 'kari@example.no', details: {}, conversationId: null, receivedAt: at });
    // The retention purge's one change: data blanked.
    await t.exec("UPDATE request_events SET data = NULL WHERE request_id = 'req-raw'");
    for (const change of ["actor = 'staff'", "type = 'verified'", "at = '2020-01-01'", "data = '{}'"]) {
      await expect(t.exec(`UPDATE request_events SET ${change} WHERE request_id = 'req-raw'`), change).rejects.toThrow(/append-only/);
    }
    await expect(t.exec("DELETE FROM request_events WHERE request_id = 'req-raw'")).rejects.toThrow(/append-only/);
    expect((await t.store.requestEvents('req-raw')).map((e) => e.type)).toEqual(['received']);
  });

  it('verifies the chain and finds a record edited behind its back', async () => {
    const t = await open();
    for (let i = 0; i < 3; i++) await t.store.appendConsentEvents([item(formEvent(t.textHash))]);
    expect(await t.store.verifyChain(SITE)).toEqual({ ok: true, count: 3 });
    const [second] = await t.query<{ seq: number }>(`SELECT seq FROM consent_events ORDER BY seq LIMIT 1 OFFSET 1`);
    await dropTrigger(t, 'consent_events_no_update');
    await t.exec(`UPDATE consent_events SET purposes = '[{"purpose":"marketing-email","decision":"declined"}]' WHERE seq = ${second!.seq}`);
    const check = await t.store.verifyChain(SITE);
    expect(check.ok).toBe(false);
    expect(check.firstBroken).toMatchObject({ seq: second!.seq, reason: expect.stringMatching(/contents/) });
  });

  it('finds a record deleted from the middle of the chain', async () => {
    const t = await open();
    for (let i = 0; i < 3; i++) await t.store.appendConsentEvents([item(formEvent(t.textHash))]);
    const [second, third] = await t.query<{ seq: number }>(`SELECT seq FROM consent_events ORDER BY seq LIMIT 2 OFFSET 1`);
    await dropTrigger(t, 'consent_events_no_delete');
    await t.exec(`DELETE FROM consent_events WHERE seq = ${second!.seq}`);
    expect((await t.store.verifyChain(SITE)).firstBroken).toMatchObject({ seq: third!.seq, reason: expect.stringMatching(/prev_hash/) });
  });

  it('finds records cut off the end against an earlier anchor', async () => {
    const t = await open();
    for (let i = 0; i < 3; i++) await t.store.appendConsentEvents([item(formEvent(t.textHash))]);
    const [head] = await t.query<{ hash: string }>('SELECT hash FROM consent_events ORDER BY seq DESC LIMIT 1');
    expect(await t.store.verifyChain(SITE, { count: 3, headHash: head!.hash })).toEqual({ ok: true, count: 3 });
    await dropTrigger(t, 'consent_events_no_delete');
    await t.exec('DELETE FROM consent_events WHERE seq = (SELECT MAX(seq) FROM consent_events)');
    expect(await t.store.verifyChain(SITE, { count: 3, headHash: head!.hash })).toMatchObject({ ok: false, firstBroken: { reason: expect.stringMatching(/missing/) } });
  });

  it('keeps the chain verifiable after the email is erased', async () => {
    const t = await open();
    await t.store.appendConsentEvents([item(formEvent(t.textHash))]);
    await t.exec('UPDATE subjects SET email = NULL');
    expect((await t.store.verifyChain(SITE)).ok).toBe(true);
    expect((await t.store.findConsentsByEmail('kari@example.no'))[0]?.email).toBeNull();
  });

  it('writes 200 concurrent appends in one group, each once, with the chain intact', async () => {
    const groups: number[] = [];
    const { store, textHash } = await open({ onCommit: (n) => groups.push(n) });
    const events = Array.from({ length: 200 }, (_, i) => formEvent(textHash, { subject: { email: `p${i}@example.no` } }));
    const results = await Promise.all(events.map((e) => store.appendConsentEvents([item(e)])));
    expect(results.flat().every((r) => r.ok && !r.replay)).toBe(true);
    expect(results.map((r) => r[0]?.id)).toEqual(events.map((e) => e.id));
    expect(groups).toEqual([200]);
    expect(await store.countConsentEvents(SITE)).toBe(200);
    expect(await store.verifyChain(SITE)).toEqual({ ok: true, count: 200 });
  });

  it('rolls back only the event whose write fails inside a group, keeps the chain whole, and reports the code only', async () => {
    const codes: string[] = [];
    const t = await open({ onWriteError: (code) => codes.push(code) });
    await t.exec(
      name === 'sqlite'
        ? `CREATE TRIGGER boom BEFORE INSERT ON consent_events WHEN NEW.form_id = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`
        : `CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.form_id = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$;
           CREATE TRIGGER boom BEFORE INSERT ON consent_events FOR EACH ROW EXECUTE FUNCTION boom();`,
    );
    const good = formEvent(t.textHash);
    const bad = formEvent(t.textHash, { collection: { ...good.collection, formId: 'boom' } });
    const after = formEvent(t.textHash);
    const [r1, r2, r3] = await Promise.all([good, bad, after].map((e) => t.store.appendConsentEvents([item(e)])));
    expect([r1?.[0]?.ok, r2?.[0]?.ok, r3?.[0]?.ok]).toEqual([true, false, true]);
    expect(r2?.[0]).toMatchObject({ error: 'storage_unavailable' });
    expect(await t.store.verifyChain(SITE)).toEqual({ ok: true, count: 2 });
    // SQLite's constraint code, PostgreSQL's SQLSTATE for RAISE EXCEPTION: a code, never the message.
    expect(codes).toEqual([name === 'sqlite' ? 'SQLITE_CONSTRAINT_TRIGGER' : 'P0001']);
  });

  it('keeps one chain when two instances on one database append in turn', async () => {
    const t = await open();
    const other = await t.reopen();
    for (let i = 0; i < 3; i++) {
      for (const store of [t.store, other]) expect((await store.appendConsentEvents([item(formEvent(t.textHash))]))[0]).toMatchObject({ ok: true });
    }
    expect(await t.store.verifyChain(SITE)).toEqual({ ok: true, count: 6 });
  });

  it('stores a duplicate id within one group once', async () => {
    const { store, textHash } = await open();
    const event = formEvent(textHash);
    const [a, b] = await Promise.all([store.appendConsentEvents([item(event)]), store.appendConsentEvents([item(structuredClone(event))])]);
    expect([a?.[0], b?.[0]]).toMatchObject([{ ok: true, replay: false }, { ok: true, replay: true }]);
    expect(await store.countConsentEvents()).toBe(1);
  });

  it('returns the exact text shown and links cookie choices to the address, oldest first', async () => {
    const { store, textHash } = await open();
    const consentId = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
    await store.appendConsentEvents([item(cookieEvent(textHash, consentId))]);
    const form = formEvent(textHash);
    await store.appendConsentEvents([item({ ...form, collection: { ...form.collection, consentId } })]);
    await store.appendConsentEvents([item(formEvent(textHash, { subject: { email: 'other@example.no' } }))]);
    const records = await store.findConsentsByEmail(' Kari@Example.no');
    expect(records.map((r) => r.kind)).toEqual(['cookie-choice', 'form-consent']);
    expect(records[1]?.notice.text).toContain('[Les personvernerklæringen](https://shop.example.no/personvern)');
    expect(records[1]?.email).toBe('kari@example.no');
    expect(records[1]?.purposes).toEqual(form.purposes);
    expect(await store.findConsentsByEmail('kari@example.no', 'pk_other_site1')).toEqual([]);
  });

  it('keeps a generated secret across restarts and refuses a different one', async () => {
    const t = await open({ secret: undefined });
    await t.store.appendConsentEvents([item(formEvent(t.textHash))]);
    await t.store.close();
    const reopened = await t.reopen();
    expect(await reopened.findConsentsByEmail('kari@example.no')).toHaveLength(1);
    await expect(t.reopen({ secret: 'another-secret-0123456789' })).rejects.toThrow(/SAMTYKKE_SECRET/);
  });

  it('refuses to start without the secret a database was created with', async () => {
    const t = await open();
    await t.store.close();
    await expect(t.reopen({ secret: undefined })).rejects.toThrow(/SAMTYKKE_SECRET/);
    expect(await (await t.reopen()).countConsentEvents()).toBe(0);
  });

  it('makes the first admin token once, also when two instances make their first start together', async () => {
    const t = await open();
    const other = await t.reopen();
    const tokens = await Promise.all([t.store, other, t.store, other].map((s) => s.createFirstAdminToken('first start')));
    expect(tokens.filter((x) => x !== undefined)).toHaveLength(1);
    expect(await t.store.verifyAdminToken(tokens.find((x) => x !== undefined)!)).toBe(true);
    expect(await other.createFirstAdminToken('first start')).toBeUndefined();
  });

  it('checks admin tokens and site secrets by hash only', async () => {
    const t = await open();
    expect(await t.store.hasAdminToken()).toBe(false);
    const token = await t.store.createAdminToken();
    expect(await t.store.hasAdminToken()).toBe(true);
    expect(await t.store.verifyAdminToken(token)).toBe(true);
    expect(await t.store.verifyAdminToken(`${token}x`)).toBe(false);
    const now = new Date();
    expect(await t.store.verifySiteSecret(SITE, t.siteSecret, now)).toBe(true);
    expect(await t.store.verifySiteSecret(SITE, 'sk_wrong', now)).toBe(false);
    const dump = JSON.stringify([await t.query('SELECT * FROM admin_tokens'), await t.query('SELECT * FROM sites')]);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(t.siteSecret);
    const rotated = await t.store.rotateSiteSecret(SITE, null);
    expect(await t.store.verifySiteSecret(SITE, t.siteSecret, now)).toBe(false);
    expect(await t.store.verifySiteSecret(SITE, rotated, now)).toBe(true);
    await expect(t.store.rotateSiteSecret('pk_no_such_site', null)).rejects.toThrow(/No site/);
  });

  it('updates a site in place and answers origin lookups from its current list', async () => {
    const { store } = await open();
    const before = await store.getSite(SITE);
    expect(await store.isKnownOrigin('https://shop.example.no')).toBe(true);
    const again = await store.upsertSite({ ...before!.settings, name: 'Ny butikk', origins: ['https://ny.example.no'] });
    expect(again).toEqual({ created: false });
    expect((await store.getSite(SITE))?.settings.name).toBe('Ny butikk');
    expect((await store.getSite(SITE))?.createdAt).toBe(before!.createdAt);
    expect(await store.isKnownOrigin('https://shop.example.no')).toBe(false);
    expect(await store.isKnownOrigin('https://ny.example.no')).toBe(true);
    expect(await store.getSite('pk_no_such_site')).toBeUndefined();
    expect(await store.listSiteKeys()).toEqual([SITE]);
  });

  it('creates a site only when its key is new, and changes one in a single read-and-write', async () => {
    const t = await open();
    const before = (await t.store.getSite(SITE))!.settings;
    expect(await t.store.createSite({ ...before, name: 'Overskrevet' })).toBeUndefined();
    expect((await t.store.getSite(SITE))?.settings.name).toBe(before.name);
    const created = await t.store.createSite({ ...before, key: 'pk_second_site', origins: ['https://to.example.no'] });
    expect(created).toMatchObject({ created: true, secretKey: expect.stringMatching(/^sk_/) });
    expect(await t.store.updateSite('pk_no_such_site', (s) => s)).toBe(false);
    expect(await t.store.updateSite(SITE, () => undefined)).toBe(false);
    // Two instances each adding their own origin at the same moment: neither addition is lost.
    const other = await t.reopen();
    const add = (origin: string) => (s: typeof before) => ({ ...s, origins: [...s.origins, origin] });
    const results = await Promise.all([
      ...['https://a.example.no', 'https://b.example.no', 'https://c.example.no'].map((o) => t.store.updateSite(SITE, add(o))),
      ...['https://d.example.no', 'https://e.example.no'].map((o) => other.updateSite(SITE, add(o))),
    ]);
    expect(results).toEqual([true, true, true, true, true]);
    const origins = (await t.store.getSite(SITE))!.settings.origins;
    expect([...origins].sort()).toEqual([...before.origins, 'https://a.example.no', 'https://b.example.no', 'https://c.example.no', 'https://d.example.no', 'https://e.example.no'].sort());
    expect(await other.isKnownOrigin('https://d.example.no')).toBe(true);
    await expect(t.store.updateSite(SITE, (s) => ({ ...s, key: 'pk_other_key' }))).rejects.toThrow(/key/);
  });

  it('answers for a site as last written, by another instance or behind the store’s back', async () => {
    const t = await open();
    const other = await t.reopen();
    const before = (await t.store.getSite(SITE))!;
    await other.updateSite(SITE, (s) => ({ ...s, name: 'Endret', origins: ['https://ny.example.no'] }));
    expect((await t.store.getSite(SITE))?.settings).toMatchObject({ name: 'Endret', origins: ['https://ny.example.no'] });
    await t.exec(`UPDATE sites SET settings = '${JSON.stringify(before.settings)}', updated_at = '2030-01-01T00:00:00.000Z'`);
    expect(await t.store.getSite(SITE)).toEqual({ ...before, updatedAt: '2030-01-01T00:00:00.000Z' });
    await t.store.upsertSite({ ...before.settings, name: 'Her' });
    expect((await t.store.getSite(SITE))?.settings.name).toBe('Her');
    expect((await other.getSite(SITE))?.settings.name).toBe('Her');
  });

  it('keys the body hash with the secret, so it cannot be reversed by guessing an email', async () => {
    const bodyHashes = await Promise.all(
      ['secret-one-0123456789abcdef', 'secret-two-0123456789abcdef'].map(async (secret) => {
        const t = await open({ secret });
        await t.store.appendConsentEvents([item(formEvent(t.textHash, { id: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b' }))]);
        const [row] = await t.query<{ body_hash: string }>('SELECT body_hash FROM consent_events');
        return row!.body_hash;
      }),
    );
    expect(bodyHashes[0]).not.toBe(bodyHashes[1]);
  });

  it('reports a sound database from the integrity check', async () => {
    expect(await (await open()).store.integrityCheck()).toEqual([]);
  });
});

describe('postgres store integrity check', () => {
  const postgres = backends.find((b) => b.name === 'postgres')!;

  it('reports a dropped or disabled append-only trigger', async () => {
    const t = await postgres.open();
    await t.exec('DROP TRIGGER consent_events_no_update ON consent_events; ALTER TABLE request_events DISABLE TRIGGER request_events_no_delete');
    expect(await t.store.integrityCheck()).toEqual(['trigger consent_events_no_update on consent_events is missing', 'trigger request_events_no_delete on request_events is disabled']);
  });
});
