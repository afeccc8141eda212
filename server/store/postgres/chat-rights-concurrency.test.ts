import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../../test/setup/fresh-database.ts';
import { hmacHex } from '../../util/crypto.ts';
import { createDataCipher } from '../../util/data-cipher.ts';
import { normaliseEmail } from '../hashing.ts';
import { createChatRepo } from './chat.ts';
import { connectPostgres, type Sql } from './connect.ts';
import type { PgContext } from './context.ts';
import { migratePostgres } from './migrations.ts';
import { createRightsRepo } from './rights.ts';

const SITE = 'pk_test_site01';
const t0 = new Date('2026-03-01T10:00:00.000Z');
const hmacKey = 'test-secret-0123456789abcdef';
const dataKey = randomBytes(32);

/** One server instance: its own pool on the shared database, as behind a load balancer. */
function instance(url: string) {
  const sql = connectPostgres(url, { max: 5 });
  const ctx: PgContext = {
    sql,
    hmacKey,
    clock: () => t0,
    cipher: createDataCipher({ current: dataKey }),
    emailHash: (email) => hmacHex(hmacKey, normaliseEmail(email)),
  };
  return { sql, store: { ...createChatRepo(ctx), ...createRightsRepo(ctx) } };
}
type Instance = ReturnType<typeof instance>;

describe('PostgreSQL chat and rights with two instances on one database', () => {
  let db: FreshDatabase;
  let a: Instance;
  let b: Instance;
  let raw: Sql;
  beforeAll(async () => {
    db = await freshDatabase();
    raw = connectPostgres(db.url, { max: 2 });
    await migratePostgres(raw);
    await raw`INSERT INTO sites (key, settings, secret_hash, created_at, updated_at) VALUES (${SITE}, '{}', 'x', ${t0.toISOString()}, ${t0.toISOString()})`;
    a = instance(db.url);
    b = instance(db.url);
  });
  afterAll(async () => {
    await Promise.all([a?.sql.end(), b?.sql.end(), raw?.end()]);
    await db?.drop();
  });

  const both = <T>(n: number, call: (store: Instance['store'], i: number) => Promise<T>) =>
    Promise.allSettled(Array.from({ length: n }, (_, i) => call((i % 2 ? b : a).store, i)));
  const values = <T>(results: PromiseSettledResult<T>[]) => results.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
  const request = async (id: string) => {
    await a.store.createRightsRequest({
      id, site: SITE, tokenHash: `th-${id}`, kind: 'access', lang: 'nb', name: 'Kari', email: 'kari@example.no', details: {}, conversationId: null, receivedAt: t0,
    });
  };

  it('numbers concurrent appends from both instances 1…n without a gap or a repeat', async () => {
    await a.store.createConversation({ id: 'busy', site: SITE, lang: 'nb', tokenHash: 'th', at: t0 });
    const sent = values(await both(60, (store, i) => store.appendMessage('busy', { id: `m${i}`, author: 'visitor', text: `melding ${i}`, at: t0 })));
    expect(sent.map((m) => m.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const stored = await b.store.messagesAfter('busy', 0);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(stored.map((m) => m.id)).size).toBe(60);
    for (const m of stored) expect(m.text).toBe(`melding ${m.id.slice(1)}`);
  });

  /**
   * Runs `first` in a transaction on the raw pool and keeps it open until `second` is waiting for
   * one of its row locks (seen in pg_stat_activity), then commits: the interleaving that a race
   * would only hit now and then, every time.
   */
  async function whileLocked<T>(first: (tx: Sql) => Promise<unknown>, second: () => Promise<T>): Promise<PromiseSettledResult<T>> {
    let result!: Promise<PromiseSettledResult<T>>;
    await raw.begin(async (tx) => {
      await first(tx as unknown as Sql);
      let settled = false;
      result = Promise.allSettled([second()]).then(([r]) => ((settled = true), r!));
      // Also stops if `second` never waits (then the test sees what it did without the lock held).
      while (!settled && (await raw`SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)[0]!.n === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    return result;
  }

  it('erases a message whose append was still open when the other instance ended the conversation', async () => {
    await a.store.createConversation({ id: 'late-end', site: SITE, lang: 'nb', tokenHash: 'th', at: t0 });
    // The first half of an append on another instance: the counter bumped and the row written, not yet committed.
    const ended = await whileLocked(
      async (tx) => {
        await tx`UPDATE conversations SET last_seq = last_seq + 1 WHERE id = 'late-end'`;
        await tx`INSERT INTO messages (conversation_id, seq, id, author, body, created_at) VALUES ('late-end', 1, 'm1', 'visitor', 'hemmelig', ${t0.toISOString()})`;
      },
      () => b.store.endConversation('late-end', t0),
    );
    expect(ended.status).toBe('fulfilled');
    expect(await raw`SELECT COUNT(*)::int AS n FROM messages WHERE conversation_id = 'late-end'`).toEqual([{ n: 0 }]);
  });

  it('refuses an append that waited for the other instance to end the conversation', async () => {
    await a.store.createConversation({ id: 'early-end', site: SITE, lang: 'nb', tokenHash: 'th', at: t0 });
    const appended = await whileLocked(
      (tx) => tx`UPDATE conversations SET status = 'ended' WHERE id = 'early-end'`,
      () => b.store.appendMessage('early-end', { id: 'm1', author: 'visitor', text: 'hemmelig', at: t0 }),
    );
    expect(appended).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/No open conversation/) }) });
    expect(await raw`SELECT COUNT(*)::int AS n FROM messages WHERE conversation_id = 'early-end'`).toEqual([{ n: 0 }]);
  });

  it('accepts the right code exactly once when both instances check it at the same time', async () => {
    await request('once');
    await a.store.issueVerificationCode('once', '123456', t0, new Date(t0.getTime() + 600_000));
    const results = values(await both(10, (store) => store.checkVerificationCode('once', '123456', t0, 5)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array(9).fill({ ok: false, reason: 'no_code' }));
  });

  it('counts concurrent wrong guesses one by one and stops at the limit', async () => {
    await request('guessed');
    await a.store.issueVerificationCode('guessed', '123456', t0, new Date(t0.getTime() + 600_000));
    const results = values(await both(12, (store) => store.checkVerificationCode('guessed', '000000', t0, 5)));
    const left = results.flatMap((r) => (!r.ok && r.reason === 'wrong_code' ? [r.attemptsLeft] : []));
    expect(left.sort()).toEqual([1, 2, 3, 4]);
    expect(results.filter((r) => !r.ok && r.reason === 'too_many_attempts')).toHaveLength(8);
    expect(await raw`SELECT attempts FROM verification_codes WHERE request_id = 'guessed'`).toEqual([{ attempts: 5 }]);
    expect((await b.store.requestEvents('guessed')).filter((e) => e.type === 'code-wrong')).toHaveLength(5);
    expect(await a.store.checkVerificationCode('guessed', '123456', t0, 5)).toEqual({ ok: false, reason: 'too_many_attempts' });
  });

  it('gives every request verified at the same time on either instance its own reference, in one unbroken run', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `v${i}`);
    for (const id of ids) await request(id);
    const verified = values(await both(ids.length, (store, i) => store.markVerified(ids[i]!, t0, new Date(t0.getTime() + 86_400_000), 'NF')));
    expect(verified.map((r) => r.reference).sort()).toEqual(ids.map((_, i) => `NF-2026-${String(i + 1).padStart(6, '0')}`));
  });
});
