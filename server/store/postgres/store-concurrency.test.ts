import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/setup/fresh-database.ts';
import { formEvent, NOTICE_TEXT, SITE, siteSettings } from '../../testing.ts';
import { backends, withSql, type TestStore } from '../backends.testing.ts';
import type { AppendResult, NewConsentEvent, Store } from '../types.ts';
import { CHAIN_LOCK_CLASS } from './migrations.ts';
import { openPostgresStore } from './store.ts';
import { createDataCipher } from '../../util/data-cipher.ts';

const postgres = backends.find((b) => b.name === 'postgres')!;
const OTHER = 'pk_test_site02';

const item = (event: NewConsentEvent['event'], site = SITE): NewConsentEvent => ({ site, event, receivedAt: new Date('2024-03-01T10:00:01.000Z'), source: 'browser' });

/** Polls until `check` holds; the test's own timeout bounds it, nothing here asserts on time. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('PostgreSQL store, several instances on one database', () => {
  it('stores every event exactly once when two instances take the same events and their retries at once, and each site keeps one chain', async () => {
    const t = await postgres.open();
    await t.store.upsertSite(siteSettings({ key: OTHER, origins: ['https://other.example.no'] }));
    const commits: number[] = [];
    const a = t.store;
    const b = await t.reopen({ onCommit: (n) => commits.push(n) });
    // 30 clients, each with a batch of 4 events over both sites; every batch goes to both instances
    // at once (a retry after a timeout that had in fact arrived), and every third again later.
    const batches = Array.from({ length: 30 }, (_, c) =>
      Array.from({ length: 4 }, (_, i) => item(formEvent(t.textHash, { subject: { email: `c${c}-${i % 2}@example.no` } }), (c + i) % 3 === 0 ? OTHER : SITE)),
    );
    const send = (store: Store, batch: NewConsentEvent[]) => store.appendConsentEvents(batch.map((x) => ({ ...x, event: structuredClone(x.event) })));
    const first = await Promise.all(batches.flatMap((batch) => [send(a, batch), send(b, batch)]));
    const later = await Promise.all(batches.filter((_, c) => c % 3 === 0).map((batch, i) => send(i % 2 ? a : b, batch)));
    const results: AppendResult[] = [...first, ...later].flat();

    expect(results.every((r) => r.ok)).toBe(true);
    const ids = batches.flat().map((x) => x.event.id);
    const stored = results.filter((r) => r.ok && !r.replay).map((r) => r.id);
    expect(stored.sort()).toEqual([...ids].sort());
    expect(results.every((r) => !r.ok || r.receiptId === r.id)).toBe(true);
    const perSite = (site: string) => batches.flat().filter((x) => x.site === site).length;
    expect(await a.countConsentEvents(SITE)).toBe(perSite(SITE));
    expect(await b.countConsentEvents(OTHER)).toBe(perSite(OTHER));
    expect(await a.verifyChain(SITE)).toEqual({ ok: true, count: perSite(SITE) });
    expect(await b.verifyChain(OTHER)).toEqual({ ok: true, count: perSite(OTHER) });
    // Instance b grouped: fewer commits than the 40 calls it was given.
    expect(commits.reduce((x, y) => x + y, 0)).toBe(30 * 4 + 10 * 4 / 2);
    expect(commits.length).toBeLessThan(40);
  });

  it('refuses an id that another instance stores for another site at the same time', async () => {
    const t = await postgres.open();
    await t.store.upsertSite(siteSettings({ key: OTHER, origins: ['https://other.example.no'] }));
    const b = await t.reopen();
    for (let round = 0; round < 5; round++) {
      const event = formEvent(t.textHash);
      const [[x], [y]] = await Promise.all([t.store.appendConsentEvents([item(event, SITE)]), b.appendConsentEvents([item(structuredClone(event), OTHER)])]);
      const outcomes = [x, y].map((r) => (r!.ok ? 'stored' : r!.error)).sort();
      expect(outcomes).toEqual(['id_conflict', 'stored']);
    }
    expect((await t.store.countConsentEvents(SITE)) + (await t.store.countConsentEvents(OTHER))).toBe(5);
  });

  it('puts events that arrive while a transaction is in flight into the next group', async () => {
    const commits: number[] = [];
    const t = await postgres.open({ onCommit: (n) => commits.push(n) });
    await withSql(t, async (sql) => {
      let release!: () => void;
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      // Another writer holds the site's chain lock, so the store's first transaction waits in flight.
      const holder = sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_CLASS}, hashtext(${SITE}))`;
        locked();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await isLocked;
      const first = t.store.appendConsentEvents([item(formEvent(t.textHash))]);
      await until(async () => (await sql`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'`).length === 1);
      // Five calls, each in its own turn of the event loop, while the first group waits.
      const rest: Promise<AppendResult[]>[] = [];
      for (let i = 0; i < 5; i++) {
        rest.push(t.store.appendConsentEvents([item(formEvent(t.textHash, { subject: { email: `w${i}@example.no` } }))]));
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(commits).toEqual([]);
      release();
      await holder;
      const results = (await Promise.all([first, ...rest])).flat();
      expect(results.every((r) => r.ok && !r.replay)).toBe(true);
    });
    expect(commits).toEqual([1, 5]);
    expect(await t.store.verifyChain(SITE)).toEqual({ ok: true, count: 6 });
  });

  it('tries a group again after a serialization failure, and answers storage_unavailable when it keeps failing', async () => {
    const t = await postgres.open();
    // Raises 40001 on the first insert it sees (fail_first) or on every insert (fail_always); the
    // sequence counts the calls across rolled-back attempts.
    await t.exec(`
      CREATE SEQUENCE attempts;
      CREATE TABLE failing (mode text NOT NULL);
      CREATE FUNCTION fail_serialization() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE n bigint := nextval('attempts');
      BEGIN
        IF EXISTS (SELECT 1 FROM failing WHERE mode = 'always') OR (n = 1 AND EXISTS (SELECT 1 FROM failing WHERE mode = 'first')) THEN
          RAISE EXCEPTION 'simulated conflict' USING ERRCODE = 'serialization_failure';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_serialization BEFORE INSERT ON consent_events FOR EACH ROW EXECUTE FUNCTION fail_serialization();
      INSERT INTO failing VALUES ('first');`);
    const events = Array.from({ length: 3 }, () => formEvent(t.textHash));
    const results = (await Promise.all(events.map((e) => t.store.appendConsentEvents([item(e)])))).flat();
    expect(results.map((r) => r.ok && !r.replay)).toEqual([true, true, true]);
    // One failed insert, then the whole group of three again.
    expect((await t.query<{ n: number }>('SELECT last_value::integer AS n FROM attempts'))[0]!.n).toBe(4);
    expect(await t.store.verifyChain(SITE)).toEqual({ ok: true, count: 3 });

    await t.exec(`UPDATE failing SET mode = 'always'; ALTER SEQUENCE attempts RESTART;`);
    const [failed] = await t.store.appendConsentEvents([item(formEvent(t.textHash))]);
    expect(failed).toMatchObject({ ok: false, error: 'storage_unavailable' });
    // Four attempts, each stopped at its first insert.
    expect((await t.query<{ n: number }>('SELECT last_value::integer AS n FROM attempts'))[0]!.n).toBe(4);
    expect(await t.store.countConsentEvents()).toBe(3);
  });

  it('lets two instances make the first start at once: one generated secret and data key, shared', async () => {
    const db = await freshDatabase();
    const [a, b] = await Promise.all([openPostgresStore({ url: db.url, poolSize: 2 }), openPostgresStore({ url: db.url, poolSize: 2 })]);
    try {
      await a.upsertSite(siteSettings());
      const textHash = await a.putNoticeText(NOTICE_TEXT, 'nb');
      await a.appendConsentEvents([item(formEvent(textHash))]);
      expect(await b.findConsentsByEmail('kari@example.no')).toHaveLength(1);
      const at = new Date('2024-03-01T10:00:00.000Z');
      await a.createConversation({ id: 'c1', site: SITE, lang: 'nb', tokenHash: 'x', at });
      await a.appendMessage('c1', { id: 'm1', author: 'visitor', text: 'Hei fra A', at });
      expect((await b.messagesAfter('c1', 0))[0]?.text).toBe('Hei fra A');
    } finally {
      await Promise.all([a.close(), b.close()]);
      await db.drop();
    }
  });

  it('starts two instances at once with a rotated data key, and leaves every value under the new key', async () => {
    const [k1, k2] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const t = await postgres.open({ dataKey: k1 });
    const at = new Date('2024-03-01T10:00:00.000Z');
    await t.store.createConversation({ id: 'c1', site: SITE, lang: 'nb', tokenHash: 'x', at });
    for (let i = 0; i < 20; i++) await t.store.appendMessage('c1', { id: `m${i}`, author: 'visitor', text: `Melding ${i}`, at });
    await t.store.close();
    const [a, b] = await Promise.all([t.reopen({ dataKey: k2, oldDataKeys: [k1] }), t.reopen({ dataKey: k2, oldDataKeys: [k1] })]);
    const texts = Array.from({ length: 20 }, (_, i) => `Melding ${i}`);
    expect((await a.messagesAfter('c1', 0)).map((m) => m.text)).toEqual(texts);
    expect((await b.messagesAfter('c1', 0)).map((m) => m.text)).toEqual(texts);
    const keyIds = await t.query<{ v: string }>("SELECT DISTINCT split_part(body, ':', 3) AS v FROM messages");
    expect(keyIds).toEqual([{ v: createDataCipher({ current: Buffer.from(k2, 'base64') }).keyId }]);
    // Opening with only the new key works now: nothing outside the trail is left under k1.
    expect(await (await t.reopen({ dataKey: k2 })).messagesAfter('c1', 0)).toHaveLength(20);
  });
});
