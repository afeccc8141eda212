/*
 * Issue 15, items 2, 3 and 7, as an attacker tried them: real sockets on a listening server, on
 * SQLite and PostgreSQL. No timings are asserted; the benchmark (npm run bench:login) prints them.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHashQueue, createPasswordHasher } from '../../services/passwords/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { SITE } from '../../testing.ts';
import { AGENT, CONSOLE_ORIGIN, consoleTestApp, OWNER } from './testing.ts';

// The numbers of services/login-throttle.ts, written out so this file also runs against the code before it.
const PAIR_POLICY = { free: 5 };
const ACCOUNT_POLICY = { maxMs: 30_000 };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => { s.closeAllConnections(); s.close(resolve); })));
});

async function listen(app: { fetch: (request: Request) => Response | Promise<Response> }): Promise<string> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const signIn = (url: string, who: { email: string; password: string }) =>
  fetch(`${url}/console/api/login`, { method: 'POST', headers: { Origin: CONSOLE_ORIGIN, 'Content-Type': 'application/json' }, body: JSON.stringify(who) });

describe.each(backends)('sign-in limits on $name', (backend) => {
  it('evaluates at most five of 40 parallel sign-ins for one account, and the right password in the burst is refused', async () => {
    // A queue wide enough for all 40, so this is the claim's doing, not the queue's.
    const t = await consoleTestApp({ backend, console: { hashQueue: createHashQueue({ concurrency: 4, maxQueued: 100 }) } });
    const url = await listen(t.app);
    const wrong = Array.from({ length: 39 }, () => signIn(url, { ...OWNER, password: 'feil-passord' }));
    const right = signIn(url, OWNER);
    const statuses = (await Promise.all(wrong)).map((r) => r.status);
    const evaluated = statuses.filter((s) => s === 401);
    expect(evaluated.length).toBeLessThanOrEqual(PAIR_POLICY.free);
    expect(statuses.filter((s) => s === 429)).toHaveLength(39 - evaluated.length);
    const answer = await right;
    expect(answer.status).toBe(429);
    expect(await answer.json()).toMatchObject({ error: 'login_locked', retryAfter: expect.any(Number) });
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('turns a burst of 50 sign-ins away with 429 and Retry-After past the hash queue, while config requests keep being answered', async () => {
    // A real scrypt cost (2^15: 32 MiB, tens of ms), so the hashes take long enough for a queue to form.
    const t = await consoleTestApp({ backend, console: { passwords: createPasswordHasher({ N: 2 ** 15 }), hashQueue: createHashQueue({ concurrency: 1, maxQueued: 4 }) } });
    const url = await listen(t.app);
    let settled = 0;
    const burst = Array.from({ length: 50 }, (_, i) =>
      signIn(url, { email: `gjest${i}@example.no`, password: 'feil-passord' }).then(async (r) => {
        settled += 1;
        return { status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as { error: string } };
      }));
    const config = [];
    for (let i = 0; i < 10; i += 1) config.push(await fetch(`${url}/v1/sites/${SITE}/config`));
    const answeredDuringBurst = settled < 50;
    const results = await Promise.all(burst);
    expect(config.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(answeredDuringBurst).toBe(true);
    const busy = results.filter((r) => r.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) {
      expect(r.body.error).toBe('login_busy');
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // Those that got a place were hashed and answered, never left hanging.
    expect(results.filter((r) => r.status === 401)).toHaveLength(50 - busy.length);
  });

  it("does not lock a user out for a stranger's failures from other addresses, beyond a short delay", async () => {
    const t = await consoleTestApp({ backend });
    t.setAddress('198.51.100.66');
    for (let i = 0; i < 20; i += 1) await t.login({ ...OWNER, password: 'feil' });
    t.setAddress('203.0.113.7');
    expect((await t.login(OWNER)).res.status).toBe(200);
    // Many strangers (a botnet) push the account's own counter over its limit: a delay of at most 30 s.
    for (let a = 0; a < 4; a += 1) {
      t.setAddress(`192.0.2.${a + 10}`);
      for (let i = 0; i < PAIR_POLICY.free; i += 1) await t.login({ ...OWNER, password: 'feil' });
    }
    t.setAddress('203.0.113.7');
    const delayed = await t.login(OWNER);
    expect(delayed.res.status).toBe(429);
    expect(Number(delayed.res.headers.get('retry-after'))).toBeLessThanOrEqual(ACCOUNT_POLICY.maxMs / 1000);
    t.advance(ACCOUNT_POLICY.maxMs + 1000);
    expect((await t.login(OWNER)).res.status).toBe(200);
  });

  it('lets an owner lift the locks on an account, with a CSRF token, and nobody else', async () => {
    const t = await consoleTestApp({ backend });
    const owner = await t.signIn(OWNER);
    const agentSession = await t.signIn(AGENT);
    const agentId = (await t.store.findAccountForLogin(AGENT.email))!.id;
    t.setAddress('198.51.100.66');
    for (let i = 0; i < PAIR_POLICY.free; i += 1) await t.login({ ...AGENT, password: 'feil' });
    expect((await t.login(AGENT)).res.status).toBe(429);
    const unlock = (init: Parameters<typeof t.request>[1]) => t.request(`/console/api/accounts/${agentId}/unlock`, { method: 'POST', ...init });
    expect((await unlock({ session: owner, csrf: null })).status).toBe(403);
    expect((await unlock({ session: agentSession })).status).toBe(403);
    expect((await t.request('/console/api/accounts/99999/unlock', { method: 'POST', session: owner })).status).toBe(404);
    const res = await unlock({ session: owner });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, cleared: 2 });
    expect((await t.login(AGENT)).res.status).toBe(200);
    const audit = (await (await t.request('/console/api/accounts/audit', { session: owner })).json()) as { entries: { action: string; target?: string }[] };
    expect(audit.entries.some((e) => e.action === 'account.unlock' && e.target === `account:${agentId}`)).toBe(true);
  });
});
