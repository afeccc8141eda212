/*
 * Code guessing in parallel, as an attacker who knows the password would try it: real sockets on a
 * listening server, on SQLite and PostgreSQL. Every code is claimed on the sign-in counters before
 * it is checked, so a burst cannot race past the limit (5 for one account from one address).
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import { afterEach, describe, expect, it } from 'vitest';
import { TwoFactorEnrolment } from '../../../protocol/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { CONSOLE_ORIGIN, consoleTestApp, OWNER, type Session } from './testing.ts';

// The pair's limit in services/login-throttle.ts, written out so a change to it shows here.
const PAIR_FREE = 5;
const STEP = 30_000;

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

describe.each(backends)('parallel code guesses on $name', (backend) => {
  async function setup() {
    const t = await consoleTestApp({ backend });
    const session = await t.signIn(OWNER);
    const { secret } = TwoFactorEnrolment.parse(await (await t.request('/console/api/two-factor/enrol', { method: 'POST', session })).json());
    const code = (at: Date) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });
    expect((await t.request('/console/api/two-factor/confirm', { method: 'POST', body: { code: code(t.now()) }, session })).status).toBe(200);
    t.advance(STEP);
    const url = await listen(t.app);
    const post = (path: string, body: unknown, cookie?: string, csrf?: string) => fetch(`${url}/console/api${path}`, {
      method: 'POST',
      headers: { Origin: CONSOLE_ORIGIN, 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}), ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
      body: JSON.stringify(body),
    });
    /** A password step over the socket; its pending sign-in's cookie. */
    const pending = async () => {
      const res = await post('/login', OWNER);
      expect(res.status).toBe(202);
      return /^(samtykke_console_pending=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
    };
    const wrongCode = code(new Date(t.now().getTime() + 10 * STEP));
    return { t, session, code, post, pending, wrongCode };
  }

  /** Statuses and error codes of settled answers. */
  const outcomes = async (answers: Promise<Response>[]) =>
    Promise.all(answers.map(async (r) => { const res = await r; return { status: res.status, error: ((await res.json()) as { error: string }).error }; }));

  it('checks at most five of 40 parallel wrong codes on one pending sign-in, and refuses the right one in the burst', async () => {
    const { t, code, post, pending, wrongCode } = await setup();
    const cookie = await pending();
    const wrong = Array.from({ length: 40 }, () => post('/login/code', { code: wrongCode }, cookie));
    const right = post('/login/code', { code: code(t.now()) }, cookie);
    const results = await outcomes([...wrong, right]);
    const checked = results.filter((r) => r.error === 'invalid_code');
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThanOrEqual(PAIR_FREE);
    // The rest were turned away before their code was looked at: locked, or the pending sign-in spent.
    for (const r of results.filter((x) => x.error !== 'invalid_code')) expect(['login_locked', 'no_pending_sign_in']).toContain(r.error);
    expect(results.at(-1)!.status).not.toBe(200);
    // Nor does a new pending sign-in bring new guesses: the password step is locked too.
    expect((await post('/login', OWNER)).status).toBe(429);
  });

  it('checks at most five of 40 parallel wrong codes to switch two-factor off from an open session', async () => {
    const { session, post, wrongCode } = await setup();
    const { cookie, csrf }: Session = session;
    const results = await outcomes(Array.from({ length: 40 }, () => post('/two-factor/disable', { code: wrongCode }, cookie, csrf)));
    const checked = results.filter((r) => r.error === 'invalid_code');
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThanOrEqual(PAIR_FREE);
    expect(results.filter((r) => r.status === 429 && r.error === 'login_locked')).toHaveLength(40 - checked.length);
  });
});
