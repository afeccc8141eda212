/**
 * Two server instances on different ports, one PostgreSQL: what a load balancer in front of them
 * would do to a visitor. Each instance has its own pool, chat bus and rate limits; they share only
 * the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentEvent } from '../../protocol/index.ts';
import { connectPostgres } from '../../server/store/postgres/connect.ts';
import { formConsentEvent, servedTextHash } from '../fixtures/consent-events.ts';
import { freshDatabase, type FreshDatabase } from '../setup/fresh-database.ts';
import { startTestServer, type TestServer } from '../setup/server.ts';

const SITE = 'pk_demo_nettfokus';
const EVENTS = Number(process.env.TWO_INSTANCE_EVENTS ?? 150);

let db: FreshDatabase;
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  db = await freshDatabase();
  // One after the other, as a rolling start would: the first makes the demo site and the admin token.
  a = await startTestServer({ databaseUrl: db.url });
  b = await startTestServer({ databaseUrl: db.url });
  // Each instance lists its own port as an origin of the demo site; both must be allowed on both.
  const settings = (await a.store.getSite(SITE))!.settings;
  await a.store.upsertSite({ ...settings, origins: [...new Set([...settings.origins, a.url, b.url])] });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
});

/** Sends until the server acknowledges, as the widget's outbox does; returns the receipt. */
async function sendUntilAcked(server: TestServer, e: ConsentEvent): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Origin: server.url },
      body: JSON.stringify({ site: SITE, events: [e] }),
    });
    if (res.status === 200) {
      const body = (await res.json()) as { acked: { id: string; receiptId: string }[] };
      const ack = body.acked.find((x) => x.id === e.id);
      if (ack) return ack.receiptId;
    }
    if (attempt > 20) throw new Error(`event ${e.id} not acknowledged: last status ${res.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('two instances on one PostgreSQL', () => {
  it('store consent writes spread over both, with retries and races on the other instance, exactly once in one verified chain', async () => {
    const hash = await servedTextHash(a.url);
    expect(await servedTextHash(b.url)).toBe(hash);
    const events = Array.from({ length: EVENTS }, (_, n) => formConsentEvent(hash, n));
    const receipts = await Promise.all(
      events.map(async (e, n) => {
        const first = n % 2 === 0 ? a : b;
        const other = first === a ? b : a;
        // Every third event is also sent to the other instance at the same moment (a retry after a
        // lost answer, landing on the other side of the load balancer); every fifth again afterwards.
        const sends = [sendUntilAcked(first, e)];
        if (n % 3 === 0) sends.push(sendUntilAcked(other, e));
        const got = await Promise.all(sends);
        if (n % 5 === 0) got.push(await sendUntilAcked(other, e));
        return got;
      }),
    );
    // Every copy of an event got the same receipt: the event's own id.
    receipts.forEach((got, n) => expect(new Set(got)).toEqual(new Set([events[n]!.id])));

    const sql = connectPostgres(db.url, { max: 1 });
    try {
      const rows = await sql<{ event_id: string; n: number }[]>`SELECT event_id, COUNT(*)::int AS n FROM consent_events GROUP BY event_id`;
      expect(rows).toHaveLength(EVENTS);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(events.map((e) => e.id)));
    } finally {
      await sql.end();
    }
    const checkA = await a.store.verifyChain(SITE);
    expect(checkA).toEqual({ ok: true, count: EVENTS });
    expect(await b.store.verifyChain(SITE)).toEqual(checkA);
  });

  it('carry a staff reply sent through A to the visitor streaming from B', async () => {
    const opened = await fetch(`${b.url}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Origin: b.url },
      body: JSON.stringify({ site: SITE, lang: 'nb' }),
    });
    expect(opened.status).toBe(201);
    const { id, token } = (await opened.json()) as { id: string; token: string };

    const stream = new AbortController();
    const res = await fetch(`${b.url}/v1/conversations/${id}/events`, { headers: { Authorization: `Bearer ${token}`, Origin: b.url }, signal: stream.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(received)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${received}`);
        received += value;
      }
    };
    try {
      await until(/event: ready/);
      // A knows the visitor is watching on B, so the reply goes live rather than by email.
      const admin = { Authorization: `Bearer ${a.adminToken}`, 'content-type': 'application/json' };
      await expect.poll(async () => ((await (await fetch(`${a.url}/admin/v1/conversations/${id}`, { headers: admin })).json()) as { conversation: { live: boolean } }).conversation.live).toBe(true);
      const reply = await fetch(`${a.url}/admin/v1/conversations/${id}/messages`, { method: 'POST', headers: admin, body: JSON.stringify({ text: 'Hei! Vi har sett på saken din.' }) });
      expect(reply.status).toBe(201);
      expect(((await reply.json()) as { delivery: string }).delivery).toBe('live');
      await until(/Vi har sett på saken din/);
      expect(received).toMatch(/"author":"staff"/);
    } finally {
      stream.abort();
    }
    // Once the visitor has gone, A sees nobody watching on B.
    await expect.poll(async () => ((await (await fetch(`${a.url}/admin/v1/conversations/${id}`, { headers: { Authorization: `Bearer ${a.adminToken}` } })).json()) as { conversation: { live: boolean } }).conversation.live).toBe(false);
  });
});
