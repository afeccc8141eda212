import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../test/setup/fresh-database.ts';
import { connectPostgres, type Sql } from '../store/postgres/connect.ts';
import { migratePostgres } from '../store/postgres/migrations.ts';
import { createPostgresRateLimiter } from './rate-limit-postgres.ts';

let db: FreshDatabase;
let a: Sql;
let b: Sql;
beforeAll(async () => {
  db = await freshDatabase();
  a = connectPostgres(db.url, { max: 2 });
  b = connectPostgres(db.url, { max: 2 });
  await migratePostgres(a);
});
afterAll(async () => {
  await Promise.all([a?.end(), b?.end()]);
  await db?.drop();
});

describe('the PostgreSQL rate limit', () => {
  it('counts hits from two instances against one limit, and a new window starts afresh', async () => {
    let now = new Date('2026-11-25T10:00:05.000Z');
    const clock = () => now;
    const onA = createPostgresRateLimiter({ sql: a, name: 'writesPerClient', limit: 3, windowMs: 60_000, clock });
    const onB = createPostgresRateLimiter({ sql: b, name: 'writesPerClient', limit: 3, windowMs: 60_000, clock });
    const results = [await onA.hit('198.51.100.7'), await onB.hit('198.51.100.7'), await onA.hit('198.51.100.7'), await onB.hit('198.51.100.7')];
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ ok: false, retryAfterSeconds: 55 });
    // Another key, and the same key under another limit's name, have their own counts.
    expect((await onB.hit('198.51.100.8')).ok).toBe(true);
    const otherLimit = createPostgresRateLimiter({ sql: b, name: 'asksPerClient', limit: 1, windowMs: 60_000, clock });
    expect((await otherLimit.hit('198.51.100.7')).ok).toBe(true);
    now = new Date('2026-11-25T10:01:00.000Z');
    expect((await onA.hit('198.51.100.7')).ok).toBe(true);
  });

  it('lets exactly `limit` of many simultaneous hits through', async () => {
    const clock = () => new Date('2026-11-25T11:00:00.000Z');
    const limiters = [a, b].map((sql) => createPostgresRateLimiter({ sql, name: 'requestsPerEmail', limit: 5, windowMs: 3_600_000, clock }));
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => limiters[i % 2]!.hit('hmac-of-an-address')));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
  });

  it('keeps no key in the clear', async () => {
    const clock = () => new Date('2026-11-25T12:00:00.000Z');
    await createPostgresRateLimiter({ sql: a, name: 'writesPerClient', limit: 3, windowMs: 60_000, clock }).hit('203.0.113.99');
    const rows = await a<{ bucket: string }[]>`SELECT bucket FROM rate_limits`;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.bucket.includes('203.0.113'))).toBe(false);
  });
});
