/*
 * Issue 15, item 4: verification-code limits that survive a restart, cap a request over its whole
 * life, and count an IPv6 /64 as one address. On SQLite and PostgreSQL, restarting the store in the test.
 */
import { describe, expect, it } from 'vitest';
import { CodeRefused } from '../../protocol/index.ts';
import { createApp } from '../app.ts';
import { silentLogger } from '../log.ts';
import type { Mail } from '../services/mail/index.ts';
import { backends } from '../store/backends.testing.ts';
import type { Store } from '../store/index.ts';
import { captureMailer, ORIGIN, SITE } from './chat-testing.ts';

// The numbers of services/rights/limits.ts, written out so this file also runs against the code before it.
const CODES_PER_REQUEST = 4;
const GUESSES_PER_REQUEST = 10;
const CODES_PER_ADDRESS = 10;

describe.each(backends)('verification-code limits on $name', (backend) => {
  async function setup() {
    const opened = await backend.open();
    const mailer = captureMailer();
    const state = { now: new Date('2024-03-01T10:00:00.000Z'), client: '203.0.113.7' };
    const appOver = (store: Store) =>
      createApp({ store, clock: () => state.now, log: silentLogger, config: { trustProxy: false, publicUrl: 'http://localhost:8787' }, clientAddress: () => state.client, chat: { mailer } });
    let app = appOver(opened.store);
    const call = (path: string, body: unknown, token?: string) =>
      app.request(path, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const create = async (email = 'kari@example.no') => {
      const res = await call('/v1/requests', { site: SITE, lang: 'nb', request: { kind: 'access', name: 'Kari Nordmann', email } });
      return { ...((await res.json()) as { id: string; token: string }), http: res.status };
    };
    const codes = (email = 'kari@example.no') => mailer.sent.filter((m: Mail) => m.to === email && m.kind === 'verification-code').map((m) => /\b(\d{6})\b/.exec(m.text)![1]!);
    const resend = (r: { id: string; token: string }) => call(`/v1/requests/${r.id}/resend`, {}, r.token);
    const verify = (r: { id: string; token: string }, code: string) => call(`/v1/requests/${r.id}/verify`, { code }, r.token);
    const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    /** Closes the store and opens a new one on the same database: the server restarted. */
    const restart = async () => {
      await opened.store.close();
      app = appOver(await opened.reopen());
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    return { state, create, codes, resend, verify, wrong, restart, settle, advance: (ms: number) => (state.now = new Date(state.now.getTime() + ms)) };
  }

  it('sends at most 4 codes for one request over its whole life, across restarts and hours', async () => {
    const t = await setup();
    const r = await t.create();
    expect(r.http).toBe(201);
    for (let i = 1; i < CODES_PER_REQUEST; i += 1) {
      t.advance(16 * 60_000);
      expect((await t.resend(r)).status).toBe(202);
    }
    await t.restart();
    t.advance(2 * 60 * 60_000);
    const refused = await t.resend(r);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: 'code_limit' });
    await t.settle();
    expect(t.codes()).toHaveLength(CODES_PER_REQUEST);
  });

  it('allows 10 guesses for one request over all its codes, across a restart, and says how many are left', async () => {
    const t = await setup();
    const r = await t.create();
    await t.settle();
    const lefts: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await t.verify(r, t.wrong(t.codes().at(-1)!));
      const body = CodeRefused.parse(await res.json());
      lefts.push(body.attemptsLeft);
    }
    expect(lefts).toEqual([4, 3, 2, 1, 0]);
    await t.restart();
    expect((await t.resend(r)).status).toBe(202);
    await t.settle();
    for (let i = 5; i < GUESSES_PER_REQUEST - 1; i += 1) await t.verify(r, t.wrong(t.codes().at(-1)!));
    const last = await t.verify(r, t.wrong(t.codes().at(-1)!));
    expect(CodeRefused.parse(await last.json())).toMatchObject({ error: 'too_many_attempts', attemptsLeft: 0 });
    // A fresh code brings no fresh guesses: the right one is refused now.
    expect((await t.resend(r)).status).toBe(202);
    await t.settle();
    const right = await t.verify(r, t.codes().at(-1)!);
    expect(right.status).toBe(429);
    expect(await right.json()).toMatchObject({ error: 'too_many_attempts', attemptsLeft: 0 });
  });

  it('counts the addresses of one IPv6 /64 as one: rotating them does not get more codes', async () => {
    const t = await setup();
    const statuses: number[] = [];
    for (let i = 0; i <= CODES_PER_ADDRESS; i += 1) {
      t.state.client = `2001:db8:42:7:${(i + 1).toString(16)}::1`;
      statuses.push((await t.create(`person${i}@example.no`)).http);
    }
    expect(statuses.slice(0, CODES_PER_ADDRESS)).toEqual(Array(CODES_PER_ADDRESS).fill(201));
    expect(statuses.at(-1)).toBe(429);
    // And a restart does not open the window again; another /64 is not affected.
    await t.restart();
    expect((await t.create('another@example.no')).http).toBe(429);
    t.state.client = '2001:db8:42:8::1';
    expect((await t.create('another@example.no')).http).toBe(201);
  });
});
