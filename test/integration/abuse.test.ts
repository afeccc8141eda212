/**
 * Abuse: a flood from one client address is stopped by the rate limits on consent writes, chat
 * messages, verification-code requests and logins, while a second address keeps getting 2xx;
 * bodies over 64 KiB are refused; a client that trickles its body is cut off by the Node adapter;
 * the client address comes from the socket unless TRUST_PROXY is set. ABUSE_FLOOD sets the flood
 * size (the short variant floods a little past each limit).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { DEMO_SITE_KEY, startServer, type RunningServer } from '../../server/boot.ts';
import { readEnv } from '../../server/env.ts';
import { silentLogger } from '../../server/log.ts';
import { captureMailer, chatTestApp, messageId, SITE } from '../../server/routes/chat-testing.ts';
import { AGENT, consoleTestApp, OWNER } from '../../server/routes/console/testing.ts';
import { formEvent, ORIGIN, tempStore } from '../../server/testing.ts';
import { ADDRESS_POLICY } from '../../server/services/login-throttle.ts';

const FLOOD = Number(process.env.ABUSE_FLOOD ?? 0);
const A = '198.51.100.7';
const B = '203.0.113.99';

type Tally = Record<number, number>;
const count = (t: Tally, status: number) => void (t[status] = (t[status] ?? 0) + 1);
const report = (what: string, a: Tally, b: Tally) => console.log(`[abuse] ${what}: flood address ${JSON.stringify(a)}, other address ${JSON.stringify(b)}`);

/** Every 429 must be the JSON error shape with a Retry-After a client can obey. */
async function expectLimited(res: Response) {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
}

describe('a flood from one address', () => {
  it('is stopped on consent writes, and another address and the site backend still get through', async () => {
    const t = await tempStore();
    let address = A;
    const limit = 600;
    const app = createApp({ store: t.store, clock: () => new Date('2024-03-01T10:00:05.000Z'), log: silentLogger, config: { trustProxy: false, publicUrl: 'http://localhost:8787' }, clientAddress: () => address });
    const post = (headers: Record<string, string> = { Origin: ORIGIN }) =>
      app.request('/v1/events', { method: 'POST', headers: { 'Content-Type': 'text/plain', ...headers }, body: JSON.stringify({ site: SITE, events: [formEvent(t.textHash)] }) });
    const a: Tally = {};
    const b: Tally = {};
    const n = Math.max(FLOOD, limit + 50);
    // The other visitor stays an ordinary one, well under its own limit however long the flood.
    const every = Math.ceil(n / 10);
    for (let i = 0; i < n; i++) {
      address = A;
      const res = await post();
      count(a, res.status);
      if (i === limit) {
        await expectLimited(res.clone());
        // The widget must be able to read the 429 to keep the batch: CORS lets it.
        expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      }
      if (i % every === 0) {
        address = B;
        count(b, (await post()).status);
      }
    }
    address = A;
    const server = await post({ Authorization: `Bearer ${t.siteSecret}` });
    report('POST /v1/events', a, b);
    expect(a[200]).toBe(limit);
    expect(a[429]).toBeGreaterThanOrEqual(50);
    expect(Object.keys(b)).toEqual(['200']);
    expect(server.status).toBe(200);
  });

  it('is stopped on chat messages, and another visitor keeps chatting', async () => {
    const t = await chatTestApp();
    t.state.client = B;
    const other = await t.openConversation();
    t.state.client = A;
    const mine = await t.openConversation();
    const a: Tally = {};
    const b: Tally = {};
    const n = Math.max(FLOOD, 100);
    const every = Math.ceil(n / 10);
    for (let i = 0; i < n; i++) {
      t.state.client = A;
      count(a, (await t.call('POST', `/v1/conversations/${mine.id}/messages`, { id: messageId(), text: `hei ${i}` }, t.withToken(mine.token))).status);
      if (i % every === 0) {
        t.state.client = B;
        count(b, (await t.call('POST', `/v1/conversations/${other.id}/messages`, { id: messageId(), text: `hallo ${i}` }, t.withToken(other.token))).status);
      }
    }
    // Many conversations from one address do not get round the per-conversation limit.
    t.state.client = A;
    const opened: Tally = {};
    for (let i = 0; i < 80; i++) count(opened, (await t.call('POST', '/v1/conversations', { site: SITE, lang: 'nb' })).status);
    report('POST /v1/conversations/:id/messages', a, b);
    report('POST /v1/conversations (same flood address)', opened, {});
    expect(a[200]).toBe(20);
    expect(a[429]).toBe(Math.max(FLOOD, 100) - 20);
    expect(Object.keys(b)).toEqual(['200']);
    expect(opened[429]).toBeGreaterThan(0);
    t.state.client = B;
    expect((await t.call('POST', '/v1/conversations', { site: SITE, lang: 'nb' })).status).toBe(201);
  });

  it('is stopped on verification-code requests (new requests and resends), and another visitor still gets a code', async () => {
    const mailer = captureMailer();
    const t = await chatTestApp({ mailer });
    const create = (email: string) => t.call('POST', '/v1/requests', { site: SITE, lang: 'nb', request: { kind: 'access', name: 'Kari Flom', email } });
    const a: Tally = {};
    const b: Tally = {};
    t.state.client = A;
    const first = (await (await create('flom@example.no')).json()) as { id: string; token: string };
    const n = Math.max(FLOOD, 30);
    const every = Math.ceil(n / 3);
    for (let i = 0; i < n; i++) {
      t.state.client = A;
      count(a, (await create(`flom${i}@example.no`)).status);
      count(a, (await t.call('POST', `/v1/requests/${first.id}/resend`, undefined, t.withToken(first.token))).status);
      if (i % every === 0) {
        t.state.client = B;
        count(b, (await create(`annen${i}@example.no`)).status);
      }
    }
    await t.settle();
    report('POST /v1/requests + /resend', a, b);
    const codes = mailer.sent.filter((m) => m.kind === 'verification-code');
    // 10 codes an hour per address group, 4 per request over its life: the flood got at most 10 sent.
    expect(codes.filter((m) => m.to.startsWith('flom')).length).toBeLessThanOrEqual(10);
    expect(a[429]).toBeGreaterThan(0);
    expect(Object.keys(b)).toEqual(['201']);
  });

  it('is stopped on console logins, and staff on another address still sign in', async () => {
    const t = await consoleTestApp({ address: A });
    const a: Tally = {};
    const tries = Math.max(FLOOD, ADDRESS_POLICY.free + 10);
    for (let i = 0; i < tries; i++) {
      // Guessing across many accounts, as a password sprayer does: the address lock must catch it.
      count(a, (await t.login({ email: `x${i}@example.no`, password: 'gjetting' })).res.status);
    }
    const sprayed = (await t.login(OWNER)).res;
    t.setAddress(B);
    const b: Tally = {};
    count(b, (await t.login(OWNER)).res.status);
    count(b, (await t.login(AGENT)).res.status);
    report('POST /console/api/login', a, b);
    expect(a[401]).toBe(ADDRESS_POLICY.free);
    expect(a[429]).toBe(tries - ADDRESS_POLICY.free);
    // Even the right password is refused from the flooding address while it is locked.
    expect(sprayed.status).toBe(429);
    expect(b).toEqual({ 200: 2 });
  });
});

describe('body size', () => {
  it('refuses a body over 64 KiB on every public and console write with 413 JSON', async () => {
    const t = await consoleTestApp();
    const big = JSON.stringify({ site: SITE, pad: 'x'.repeat(64 * 1024) });
    const paths = ['/v1/events', '/v1/conversations', '/v1/requests', `/v1/sites/${SITE}/answers`, '/console/api/login', '/console/api/sites'];
    for (const p of paths) {
      const res = await t.app.request(p, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: p.startsWith('/console') ? 'http://localhost:8787' : ORIGIN }, body: big });
      expect(res.status, p).toBe(413);
      expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
    }
  });
});

describe('over a real socket', () => {
  const running: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });
  const boot = async (env: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samtykke-abuse-'));
    const s = await startServer(readEnv({ DATABASE_PATH: path.join(dir, 'a.db'), PORT: '0', MAIL_OUTBOX_DIR: path.join(dir, 'mail'), ...env }), { log: silentLogger });
    running.push(s);
    return s;
  };

  it('cuts off a client that sends its headers and then trickles the body, while others are served', async () => {
    const s = await boot({ REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '1000' });
    const started = Date.now();
    const socket = net.connect(s.port, '127.0.0.1');
    // The server closing the socket mid-trickle is the point; a write racing the close may EPIPE.
    socket.on('error', () => {});
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
    socket.write(`POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 10000\r\n\r\n{`);
    const trickle = setInterval(() => socket.writable && socket.write(' '), 100);
    // Meanwhile an ordinary client is answered at once.
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    const after = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 8000))]);
    clearInterval(trickle);
    socket.destroy();
    console.log(`[abuse] slow body: socket closed after ${after} ms (timeout 1000 ms), answer ${JSON.stringify(received.split('\r\n')[0] ?? '')}`);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(3000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off a client that never finishes its headers', async () => {
    const s = await boot({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '500' });
    const started = Date.now();
    const socket = net.connect(s.port, '127.0.0.1');
    socket.on('error', () => {});
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = setInterval(() => socket.writable && socket.write('X-a: b\r\n'), 100);
    const after = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 8000))]);
    clearInterval(trickle);
    socket.destroy();
    console.log(`[abuse] slow headers: socket closed after ${after} ms (timeout 500 ms)`);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(2500);
  });

  /** Six browser writes, each claiming another address in X-Forwarded-For; the limit is five. */
  async function spoofedWrites(s: RunningServer, forwardedFor: (i: number) => string) {
    const config = (await (await fetch(`${s.url}/v1/sites/${DEMO_SITE_KEY}/config`, { headers: { Origin: s.url } })).json()) as { texts: { marketingEmail: { hash: string } }; policy: { url: string; version: string } };
    const hash = config.texts.marketingEmail.hash;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const event = formEvent(hash, { notice: { textHash: hash, lang: 'nb', policyUrl: config.policy.url, policyVersion: config.policy.version } });
      const res = await fetch(`${s.url}/v1/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', Origin: s.url, 'X-Forwarded-For': forwardedFor(i) },
        body: JSON.stringify({ site: DEMO_SITE_KEY, events: [event] }),
      });
      statuses.push(res.status);
    }
    return statuses;
  }

  it('takes the client address from the socket: X-Forwarded-For does not get round the limit', async () => {
    const s = await boot({ RATE_LIMIT_EVENTS_PER_MINUTE: '5' });
    const statuses = await spoofedWrites(s, (i) => `192.0.2.${i + 1}`);
    console.log(`[abuse] TRUST_PROXY unset, six forwarded-for addresses: ${statuses.join(' ')}`);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('with TRUST_PROXY takes the last X-Forwarded-For entry, the one the proxy added', async () => {
    const s = await boot({ RATE_LIMIT_EVENTS_PER_MINUTE: '5', TRUST_PROXY: 'true' });
    const distinct = await spoofedWrites(s, (i) => `10.0.0.1, 192.0.2.${i + 1}`);
    // A client-chosen first entry is not the address: the proxy's (last) entry is.
    const sameLast = await spoofedWrites(s, (i) => `10.0.0.${i + 1}, 192.0.2.200`);
    console.log(`[abuse] TRUST_PROXY=true, distinct last entries: ${distinct.join(' ')}; same last entry: ${sameLast.join(' ')}`);
    expect(distinct).toEqual([200, 200, 200, 200, 200, 200]);
    expect(sameLast).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
