import { withoutRequestId } from '../../testing.ts';
import { describe, expect, it } from 'vitest';
import { ADDRESS_POLICY } from '../../services/login-throttle.ts';
import { CONSOLE_ROUTES } from './routes.ts';
import { AGENT, consoleTestApp, OWNER } from './testing.ts';

const HOUR = 60 * 60 * 1000;
const writes = CONSOLE_ROUTES.filter((r) => r.method !== 'GET');

describe('console sign-in', () => {
  it('signs in with a strict, HttpOnly cookie scoped to /console, and says who is signed in', async () => {
    const t = await consoleTestApp();
    const { res, session } = await t.login(OWNER);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    // localhost is the one place a session cookie may travel without TLS.
    expect(cookie).not.toMatch(/Secure/);
    const me = await t.request('/console/api/me', { session });
    expect(await me.json()).toMatchObject({ account: { email: OWNER.email, role: 'owner' }, csrfToken: session!.csrf });
  });

  it('marks the cookie Secure outside localhost', async () => {
    const { createApp } = await import('../../app.ts');
    const t = await consoleTestApp();
    const app = createApp({ store: t.store, clock: () => new Date(), log: { info() {}, warn() {}, error() {} }, config: { trustProxy: false, publicUrl: 'https://samtykke.example.no' }, console: { passwords: (await import('../../services/passwords/index.ts')).createPasswordHasher({ N: 1024 }) } });
    const res = await app.request('/console/api/login', { method: 'POST', headers: { Origin: 'https://samtykke.example.no', 'Content-Type': 'application/json' }, body: JSON.stringify(OWNER) });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const t = await consoleTestApp();
    const unknown = await t.login({ email: 'ingen@example.no', password: 'x' });
    const wrong = await t.login({ email: OWNER.email, password: 'x' });
    expect(unknown.res.status).toBe(401);
    expect(withoutRequestId(await unknown.res.json())).toEqual(withoutRequestId(await wrong.res.json()));
  });

  it('refuses a login posted from another origin', async () => {
    const t = await consoleTestApp();
    const res = await t.request('/console/api/login', { method: 'POST', body: OWNER, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await t.request('/console/api/login', { method: 'POST', body: OWNER, origin: null })).status).toBe(403);
  });

  it('logs out: the session no longer works', async () => {
    const t = await consoleTestApp();
    const session = await t.signIn(OWNER);
    expect((await t.request('/console/api/logout', { method: 'POST', session })).status).toBe(200);
    expect((await t.request('/console/api/me', { session })).status).toBe(401);
  });
});

describe('every console route', () => {
  it.each(CONSOLE_ROUTES)('$method $path refuses a request without a session', async ({ method, path, body }) => {
    const t = await consoleTestApp();
    const res = await t.request(path, { method, body });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'no_session' });
  });

  it.each(CONSOLE_ROUTES)('$method $path refuses a wrong session token', async ({ method, path, body }) => {
    const t = await consoleTestApp();
    const session = await t.signIn(OWNER);
    const res = await t.request(path, { method, body, session: { ...session, cookie: `${session.cookie}x` } });
    expect(res.status).toBe(401);
  });

  it.each(CONSOLE_ROUTES)('$method $path refuses a session idle for more than 8 hours', async ({ method, path, body }) => {
    const t = await consoleTestApp();
    const session = await t.signIn(OWNER);
    t.advance(8 * HOUR + 60_000);
    const res = await t.request(path, { method, body, session });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'session_expired' });
  });

  it.each(writes)('$method $path refuses a write without the CSRF token, or from another origin', async ({ method, path, body }) => {
    const t = await consoleTestApp();
    const session = await t.signIn(OWNER);
    expect((await t.request(path, { method, body, session, csrf: null })).status).toBe(403);
    expect((await t.request(path, { method, body, session, csrf: 'wrong' })).status).toBe(403);
    expect((await t.request(path, { method, body, session, origin: 'https://evil.example' })).status).toBe(403);
    expect((await t.request(path, { method, body, session, origin: null })).status).toBe(403);
  });

  it.each(CONSOLE_ROUTES.filter((r) => r.owner))('$method $path refuses an agent', async ({ method, path, body }) => {
    const t = await consoleTestApp();
    const session = await t.signIn(AGENT);
    const res = await t.request(path, { method, body, session });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'forbidden_role' });
  });
});

describe('session lifetime', () => {
  it('slides while in use, but ends 24 hours after sign-in however busy', async () => {
    const t = await consoleTestApp();
    const session = await t.signIn(AGENT);
    for (let i = 0; i < 3; i += 1) {
      t.advance(7 * HOUR);
      expect((await t.request('/console/api/me', { session })).status).toBe(200);
    }
    t.advance(3 * HOUR + 60_000);
    expect((await t.request('/console/api/me', { session })).status).toBe(401);
  });

  it('ends at once when the account is disabled', async () => {
    const t = await consoleTestApp();
    const owner = await t.signIn(OWNER);
    const agent = await t.signIn(AGENT);
    const agentId = (await t.store.findAccountForLogin(AGENT.email))!.id;
    expect((await t.request(`/console/api/accounts/${agentId}/disabled`, { method: 'POST', body: { disabled: true }, session: owner })).status).toBe(200);
    expect((await t.request('/console/api/me', { session: agent })).status).toBe(401);
  });
});

describe('lockout', () => {
  it('locks an account after five failures, even for the right password, and opens it again later', async () => {
    const t = await consoleTestApp();
    for (let i = 0; i < 5; i += 1) expect((await t.login({ ...OWNER, password: 'feil' })).res.status).toBe(401);
    const locked = await t.login(OWNER);
    expect(locked.res.status).toBe(429);
    expect(Number(locked.res.headers.get('retry-after'))).toBeGreaterThan(0);
    t.advance(31_000);
    expect((await t.login(OWNER)).res.status).toBe(200);
  });

  it('grows the delay with each further failure', async () => {
    const t = await consoleTestApp();
    for (let i = 0; i < 5; i += 1) await t.login({ ...OWNER, password: 'feil' });
    t.advance(31_000);
    await t.login({ ...OWNER, password: 'feil' });
    const res = await t.login(OWNER);
    expect(res.res.status).toBe(429);
    expect(Number(res.res.headers.get('retry-after'))).toBe(60);
  });

  it('keeps the lock across a restart', async () => {
    const first = await consoleTestApp();
    for (let i = 0; i < 5; i += 1) await first.login({ ...OWNER, password: 'feil' });
    await first.store.close();
    const second = await consoleTestApp({ dbPath: first.dbPath });
    expect((await second.login(OWNER)).res.status).toBe(429);
  });

  it('locks an address that tries many accounts', async () => {
    const t = await consoleTestApp();
    for (let i = 0; i < ADDRESS_POLICY.free; i += 1) await t.login({ email: `gjett${i}@example.no`, password: 'feil' });
    expect((await t.login(AGENT)).res.status).toBe(429);
    t.setAddress('198.51.100.9');
    expect((await t.login(AGENT)).res.status).toBe(200);
  });
});
