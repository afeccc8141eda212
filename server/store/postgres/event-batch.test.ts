import { describe, expect, it } from 'vitest';
import { cookieEvent, formEvent, SITE, siteSettings, TEST_SECRET } from '../../testing.ts';
import { hmacHex } from '../../util/crypto.ts';
import { backends, withSql, type TestStore } from '../backends.testing.ts';
import { normaliseEmail } from '../hashing.ts';
import type { AppendResult, NewConsentEvent, Store } from '../types.ts';
import { writeBatch } from './event-batch.ts';
import { createEventByEventWriter } from './events.ts';

const postgres = backends.find((b) => b.name === 'postgres')!;
const OTHER = 'pk_test_site02';
const CONSENT_ID = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
const emailHash = (email: string) => hmacHex(TEST_SECRET, normaliseEmail(email));

let second = 0;
/** Each item a second later than the one before, so first-seen times show which event won. */
const item = (event: NewConsentEvent['event'], site = SITE): NewConsentEvent => ({
  site,
  event,
  receivedAt: new Date(Date.UTC(2024, 2, 1, 10, 0, second++)),
  source: 'browser',
});

/** A store with the second site, and a log of how many rows each INSERT into consent_events carried. */
async function openLogged(): Promise<TestStore> {
  const t = await postgres.open();
  await t.store.upsertSite(siteSettings({ key: OTHER, origins: ['https://other.example.no'] }));
  await t.exec(`
    CREATE TABLE insert_sizes (n integer NOT NULL);
    CREATE FUNCTION log_insert_size() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO insert_sizes SELECT count(*) FROM new_rows; RETURN NULL; END $$;
    CREATE TRIGGER log_insert_size AFTER INSERT ON consent_events REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION log_insert_size();`);
  return t;
}

const insertSizes = async (t: TestStore) => (await t.query<{ n: number }>('SELECT n FROM insert_sizes')).map((r) => r.n);

/** What a group leaves in the database, without the ids and hashes that depend on when it ran. */
async function stored(t: TestStore) {
  return {
    events: await t.query(`
      SELECT e.site, e.event_id, e.receipt_id, e.kind, e.subject_hash, s.email_hash AS subject_of, e.consent_id, e.purposes, e.basis,
        e.text_hash, e.lang, e.policy_url, e.policy_version, e.form_id, e.page_url, e.client_time, e.received_at, e.widget_version,
        e.user_agent, e.source, e.ip_truncated, e.body_hash
      FROM consent_events e LEFT JOIN subjects s ON s.id = e.subject_id ORDER BY e.seq`),
    subjects: await t.query('SELECT site, email_hash, email, created_at FROM subjects ORDER BY site, email_hash'),
    links: await t.query(`SELECT l.consent_id, s.site, s.email_hash, l.first_seen FROM subject_links l JOIN subjects s ON s.id = l.subject_id ORDER BY 1, 2, 3`),
  };
}

describe('PostgreSQL batch writer', () => {
  it('writes a mixed group in one INSERT, answering each event as the event-by-event path does and storing the same rows', async () => {
    const [batch, each] = [await openLogged(), await openLogged()];
    const earlier = [formEvent(batch.textHash), formEvent(batch.textHash, { subject: { email: 'ola@example.no' } })];
    const n1 = formEvent(batch.textHash, { subject: { email: 'Per@Example.no' } });
    const n2 = formEvent(batch.textHash, { subject: { email: 'per@example.no' } });
    const n4 = formEvent(batch.textHash, { subject: { email: 'per@example.no' }, collection: { ...n1.collection, consentId: CONSENT_ID } });
    const group = [
      // Escapes, quotes, non-ASCII and a line separator: stored as hashed, through the batch's JSON.
      { ...item(n1), userAgent: 'Mozilla/5.0 "sitat" \\ ø 😀 \u2028 \t slutt', ipTruncated: '203.0.113.0' },
      item(structuredClone(earlier[0]!)), // a replay
      item({ ...earlier[1]!, basis: 'existing-customer' }), // the same id with another body
      item(formEvent('f'.repeat(64))), // a text never served
      item(n2, OTHER), // the same address on another site: another subject
      item(structuredClone(n1)), // a second copy within the group
      item({ ...n2, basis: 'existing-customer' }, OTHER), // a second copy with another body
      item(cookieEvent(batch.textHash, CONSENT_ID)), // no address: no subject
      item(n4), // the first subject again, now linked to a browser
      item(structuredClone(earlier[0]!), OTHER), // a stored id sent for another site
      item(formEvent(batch.textHash, { subject: { email: 'ola@example.no' }, collection: { ...n1.collection, consentId: CONSENT_ID } })),
    ];
    const before = earlier.map((e) => item(e));
    const eventByEvent = createEventByEventWriter({ emailHash });
    const answers: AppendResult[][] = [];
    for (const t of [batch, each]) {
      await t.store.appendConsentEvents(before.map((x) => ({ ...x, event: structuredClone(x.event) })));
      await t.exec('TRUNCATE insert_sizes');
      const copy = group.map((g) => ({ ...g, event: structuredClone(g.event) }));
      answers.push(await withSql(t, (sql) => sql.begin((tx) => (t === batch ? writeBatch(tx, copy, emailHash) : eventByEvent(tx, copy)))));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.map((r) => (r.ok ? (r.replay ? 'replay' : 'stored') : r.error))).toEqual([
      'stored', 'replay', 'id_conflict', 'unknown_text', 'stored', 'replay', 'id_conflict', 'stored', 'stored', 'id_conflict', 'stored',
    ]);
    expect(answers[0]!.every((r) => !r.ok || r.receiptId === r.id)).toBe(true);
    expect(await insertSizes(batch)).toEqual([5]);
    expect(await insertSizes(each)).toEqual([1, 1, 1, 1, 1]);
    expect(await stored(batch)).toEqual(await stored(each));
    expect(await batch.store.verifyChain(SITE)).toEqual({ ok: true, count: 6 });
    expect(await batch.store.verifyChain(OTHER)).toEqual({ ok: true, count: 1 });
  });

  it('writes nothing when one row is refused, and the store then writes the group event by event', async () => {
    const codes: string[] = [];
    const t = await openLogged();
    const store = await t.reopen({ onWriteError: (code) => codes.push(code) });
    await t.exec(`CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.form_id = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER boom BEFORE INSERT ON consent_events FOR EACH ROW EXECUTE FUNCTION boom();`);
    const replayed = formEvent(t.textHash);
    await store.appendConsentEvents([item(replayed)]);
    const good = formEvent(t.textHash, { subject: { email: 'ny@example.no' } });
    const bad = formEvent(t.textHash, { subject: { email: 'boom@example.no' }, collection: { ...good.collection, formId: 'boom' } });
    const group = () => [item(structuredClone(good)), item(structuredClone(bad)), item(structuredClone(replayed)), item(formEvent('f'.repeat(64))), item(formEvent(t.textHash), OTHER)];

    await expect(withSql(t, (sql) => sql.begin((tx) => writeBatch(tx, group(), emailHash)))).rejects.toMatchObject({ code: 'P0001' });
    expect(await t.store.countConsentEvents()).toBe(1);
    expect(await t.query("SELECT 1 FROM subjects WHERE email = 'ny@example.no'")).toEqual([]);

    await t.exec('TRUNCATE insert_sizes');
    const results = await store.appendConsentEvents(group());
    expect(results.map((r) => (r.ok ? (r.replay ? 'replay' : 'stored') : r.error))).toEqual(['stored', 'storage_unavailable', 'replay', 'unknown_text', 'stored']);
    // The batch's INSERT was rolled back (no row logged), then one INSERT per event written.
    expect(await insertSizes(t)).toEqual([1, 1]);
    expect(codes).toEqual(['P0001']);
    expect(await t.store.verifyChain(SITE)).toEqual({ ok: true, count: 2 });
    expect(await t.store.verifyChain(OTHER)).toEqual({ ok: true, count: 1 });
  });

  it('leaves an erased address erased when a group replays its proof, and brings it back with a new one', async () => {
    const t = await postgres.open();
    const first = formEvent(t.textHash);
    await t.store.appendConsentEvents([item(first)]);
    await t.exec('UPDATE subjects SET email = NULL');
    const replay = await t.store.appendConsentEvents([item(structuredClone(first)), item(formEvent(t.textHash, { subject: { email: 'ola@example.no' } }))]);
    expect(replay.map((r) => r.ok && r.replay)).toEqual([true, false]);
    expect(await t.query("SELECT email FROM subjects WHERE email IS NULL OR email = 'kari@example.no'")).toEqual([{ email: null }]);
    await t.store.appendConsentEvents([item(formEvent(t.textHash)), item(formEvent(t.textHash, { subject: { email: 'ola@example.no' } }))]);
    expect(await t.query('SELECT email FROM subjects ORDER BY id')).toEqual([{ email: 'kari@example.no' }, { email: 'ola@example.no' }]);
    expect(await t.store.verifyChain(SITE)).toEqual({ ok: true, count: 4 });
  });

  it('answers id_conflict, and stores the rest, when another instance commits the same id for another site during the batch', async () => {
    const t = await openLogged();
    const event = formEvent(t.textHash);
    await withSql(t, async (sql) => {
      let release!: () => void;
      let inserted!: () => void;
      let failed!: (error: unknown) => void;
      const isInserted = new Promise<void>((resolve, reject) => ((inserted = resolve), (failed = reject)));
      // Another instance has written the id for the other site and not yet committed.
      const other = sql.begin(async (tx) => {
        await writeBatch(tx, [item(structuredClone(event), OTHER)], emailHash);
        inserted();
        await new Promise<void>((resolve) => (release = resolve));
      });
      other.catch(failed);
      await isInserted;
      const mine = t.store.appendConsentEvents([item(event), item(formEvent(t.textHash, { subject: { email: 'ola@example.no' } }))]);
      // The batch waits on the unique index for the other transaction's row.
      await expect.poll(async () => (await sql`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'transactionid'`).length, { timeout: 20_000 }).toBe(1);
      release();
      await other;
      expect((await mine).map((r) => (r.ok ? (r.replay ? 'replay' : 'stored') : r.error))).toEqual(['id_conflict', 'stored']);
    });
    expect(await t.store.verifyChain(SITE)).toEqual({ ok: true, count: 1 });
    expect(await t.store.verifyChain(OTHER)).toEqual({ ok: true, count: 1 });
  });

  it('reads ids and heads only once it holds the chain lock, so a replay of what the lock holder wrote needs no retry', async () => {
    const t = await postgres.open();
    // Counts every row an INSERT tries, before the chain trigger (triggers fire by name) can refuse
    // it; a sequence is not rolled back with the attempt.
    await t.exec(`
      CREATE SEQUENCE attempts;
      CREATE FUNCTION count_attempt() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('attempts'); RETURN NEW; END $$;
      CREATE TRIGGER a_count_attempt BEFORE INSERT ON consent_events FOR EACH ROW EXECUTE FUNCTION count_attempt();`);
    const event = formEvent(t.textHash);
    const results = await withSql(t, async (sql) => {
      let release!: () => void;
      let inserted!: () => void;
      let failed!: (error: unknown) => void;
      const isInserted = new Promise<void>((resolve, reject) => ((inserted = resolve), (failed = reject)));
      // Another instance holds the site's chain lock with the event written, not yet committed.
      const other = sql.begin(async (tx) => {
        await writeBatch(tx, [item(structuredClone(event))], emailHash);
        inserted();
        await new Promise<void>((resolve) => (release = resolve));
      });
      other.catch(failed);
      await isInserted;
      const mine = t.store.appendConsentEvents([item(event), item(formEvent(t.textHash, { subject: { email: 'ola@example.no' } }))]);
      await expect.poll(async () => (await sql`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'`).length, { timeout: 20_000 }).toBe(1);
      release();
      await other;
      return mine;
    });
    expect(results.map((r) => (r.ok ? (r.replay ? 'replay' : 'stored') : r.error))).toEqual(['replay', 'stored']);
    // The other instance's row and ours: no attempt refused by the chain trigger and tried again.
    expect((await t.query<{ n: number }>('SELECT last_value::integer AS n FROM attempts'))[0]!.n).toBe(2);
    expect(await t.store.verifyChain(SITE)).toEqual({ ok: true, count: 2 });
  });

  it('keeps each chain whole and each id once when two instances write many groups at once, one INSERT per group', async () => {
    const t = await openLogged();
    const groups: number[] = [];
    const a = await t.reopen({ onCommit: (n) => groups.push(n) });
    const b = await t.reopen({ onCommit: (n) => groups.push(n) });
    const events = Array.from({ length: 240 }, (_, i) =>
      i % 5 === 0 ? item(cookieEvent(t.textHash, `0190a1b2-c3d4-7e5f-8a6b-${String(i).padStart(12, '0')}`), i % 2 ? OTHER : SITE)
        : item(formEvent(t.textHash, { subject: { email: `p${i % 40}@example.no` } }), i % 3 ? SITE : OTHER));
    const send = (store: Store, x: NewConsentEvent) => store.appendConsentEvents([{ ...x, event: structuredClone(x.event) }]);
    // Each event to one instance, every third to both at once (a retry racing the first try), in
    // waves so each instance builds several groups while the other is writing.
    const results: AppendResult[] = [];
    for (let wave = 0; wave < 4; wave++) {
      const part = events.slice(wave * 60, wave * 60 + 60);
      const sent = part.flatMap((x, i) => (i % 3 === 0 ? [send(a, x), send(b, x)] : [send(i % 2 ? a : b, x)]));
      results.push(...(await Promise.all(sent)).flat());
    }
    expect(results.every((r) => r.ok && r.receiptId === r.id)).toBe(true);
    const firsts = results.filter((r) => r.ok && !r.replay).map((r) => r.id);
    expect(firsts.sort()).toEqual(events.map((x) => x.event.id).sort());
    for (const site of [SITE, OTHER]) {
      const count = events.filter((x) => x.site === site).length;
      expect(await t.store.verifyChain(site)).toEqual({ ok: true, count });
    }
    // Grouped, and never fallen back to one INSERT per event.
    const sizes = await insertSizes(t);
    expect(sizes.reduce((x, y) => x + y, 0)).toBe(events.length);
    expect(sizes.length).toBeLessThanOrEqual(groups.length);
    expect(Math.max(...groups)).toBeGreaterThan(1);
  });
});
