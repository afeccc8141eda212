/**
 * The PostgreSQL server goes away under a running instance (a failover, a restart, a full
 * connection table): the API answers 503 with Retry-After, which the widget's outbox retries, and
 * once the database is back the same request is stored, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, type Sql } from '../../server/store/postgres/connect.ts';
import { formConsentEvent, servedTextHash } from '../fixtures/consent-events.ts';
import { freshDatabase, type FreshDatabase } from '../setup/fresh-database.ts';
import { startTestServer, type TestServer } from '../setup/server.ts';

const SITE = 'pk_demo_nettfokus';

let db: FreshDatabase;
let server: TestServer;
let owner: Sql;
beforeAll(async () => {
  db = await freshDatabase();
  server = await startTestServer({ databaseUrl: db.url });
  // The database's owner may close its doors and end its own sessions: enough to play an outage.
  const base = new URL(db.url);
  base.pathname = '/samtykke';
  owner = connectPostgres(base.toString(), { max: 1 });
});
afterAll(async () => {
  await owner?.unsafe(`ALTER DATABASE ${db.name} CONNECTION LIMIT -1`).catch(() => undefined);
  await server?.close();
  await owner?.end();
  await db?.drop();
});

async function cutOff(): Promise<void> {
  await owner.unsafe(`ALTER DATABASE ${db.name} CONNECTION LIMIT 0`);
  await owner`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${db.name} AND pid <> pg_backend_pid()`;
}

describe('PostgreSQL unreachable under a running instance', () => {
  it('answers 503 with Retry-After and a JSON message, then stores the retried write once when it is back', async () => {
    const event = formConsentEvent(await servedTextHash(server.url), 0);
    const send = () =>
      fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', Origin: server.url }, body: JSON.stringify({ site: SITE, events: [event] }) });

    await cutOff();
    const during = await send();
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(await during.json()).toMatchObject({ error: 'storage_unavailable' });
    const chat = await fetch(`${server.url}/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', Origin: server.url }, body: JSON.stringify({ site: SITE, lang: 'nb' }) });
    expect(chat.status).toBe(503);

    await owner.unsafe(`ALTER DATABASE ${db.name} CONNECTION LIMIT -1`);
    await expect.poll(async () => (await send()).status, { timeout: 15_000, interval: 250 }).toBe(200);
    const again = await send();
    expect(((await again.json()) as { acked: { replay: boolean }[] }).acked[0]!.replay).toBe(true);
    const check = connectPostgres(db.url, { max: 1 });
    try {
      expect(await check`SELECT COUNT(*)::int AS n FROM consent_events WHERE event_id = ${event.id}`).toEqual([{ n: 1 }]);
    } finally {
      await check.end();
    }
  });
});
