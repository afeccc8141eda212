import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { ConsoleLoginPending, ConsoleMeEnrolled, TwoFactorEnabled, TwoFactorEnrolment } from '../../../protocol/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { SITE, siteSettings } from '../../testing.ts';
import { AGENT, consoleTestApp, OWNER, type Session } from './testing.ts';

const STEP = 30_000;

describe.each(backends)('two-factor sign-in on $name', (backend) => {
  async function setup() {
    const t = await consoleTestApp({ backend });
    const code = (secret: string, at = t.now()) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });
    /** The password step; `pending` is the cookie of the second step, when one is due. */
    const password = async (who: { email: string; password: string }) => {
      const res = await t.request('/console/api/login', { method: 'POST', body: who });
      const cookie = /^(samtykke_console_pending=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      return { res, pending: cookie };
    };
    const second = async (path: 'code' | 'enrol' | 'enrol/confirm', pending: string | undefined, body?: unknown) =>
      t.request(`/console/api/login/${path}`, { method: 'POST', body, ...(pending ? { headers: { Cookie: pending } } : {}) });
    const sessionOf = async (res: Response): Promise<Session> => {
      const cookie = /(?:^|, )(samtykke_console=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
      return { cookie, csrf: ((await res.clone().json()) as { csrfToken: string }).csrfToken };
    };
    /** Sets two-factor up from a signed-in session, as the account page does. */
    const enrol = async (session: Session) => {
      const started = TwoFactorEnrolment.parse(await (await t.request('/console/api/two-factor/enrol', { method: 'POST', session })).json());
      const res = await t.request('/console/api/two-factor/confirm', { method: 'POST', body: { code: code(started.secret) }, session });
      expect(res.status).toBe(200);
      return { secret: started.secret, recoveryCodes: TwoFactorEnabled.parse(await res.json()).recoveryCodes };
    };
    return { t, code, password, second, sessionOf, enrol };
  }

  it('enrols: QR code and secret, switched on only by a right code, secret sealed at rest, ten recovery codes', async () => {
    const { t, code } = await setup();
    const session = await t.signIn(OWNER);
    const res = await t.request('/console/api/two-factor/enrol', { method: 'POST', session });
    expect(res.status).toBe(200);
    const started = TwoFactorEnrolment.parse(await res.json());
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.uri).toBe(`otpauth://totp/Samtykke%20(localhost%3A8787):eier%40example.no?issuer=Samtykke%20(localhost%3A8787)&secret=${started.secret}&algorithm=SHA1&digits=6&period=30`);
    expect(started.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(started.qr.split(',')[1]!, 'base64').toString()).toMatch(/^<svg [^>]*viewBox/);
    const [row] = await t.query<{ secret: string }>('SELECT secret FROM account_totp');
    expect(row!.secret).toMatch(/^enc:v1:/);
    expect(row!.secret).not.toContain(started.secret);

    const wrong = await t.request('/console/api/two-factor/confirm', { method: 'POST', body: { code: code(started.secret, new Date(t.now().getTime() + 5 * STEP)) }, session });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_code' });
    expect(await (await t.request('/console/api/two-factor', { session })).json()).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });

    const ok = await t.request('/console/api/two-factor/confirm', { method: 'POST', body: { code: code(started.secret) }, session });
    expect(ok.status).toBe(200);
    const { recoveryCodes } = TwoFactorEnabled.parse(await ok.json());
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const stored = await t.query<{ code_hash: string }>('SELECT code_hash FROM account_recovery_codes');
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]);
    expect(await (await t.request('/console/api/two-factor', { session })).json()).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
    // On already: a second enrolment would replace the secret behind the person's back.
    expect((await t.request('/console/api/two-factor/enrol', { method: 'POST', session })).status).toBe(409);
  });

  it('signs in with the password and then a code; the password alone gives no session', async () => {
    const { t, code, password, second, sessionOf, enrol } = await setup();
    const { secret } = await enrol(await t.signIn(OWNER));
    t.advance(STEP);
    const first = await password(OWNER);
    expect(first.res.status).toBe(202);
    expect(ConsoleLoginPending.parse(await first.res.json())).toEqual({ next: 'code' });
    expect(first.res.headers.get('set-cookie')).toMatch(/^samtykke_console_pending=lc_[^;]+; Max-Age=300; Path=\/console\/api\/login; HttpOnly; SameSite=Strict$/);
    // The pending cookie is no session, and a stray session cookie name does not make it one.
    expect((await t.request('/console/api/me', { headers: { Cookie: first.pending! } })).status).toBe(401);
    expect((await t.request('/console/api/me', { headers: { Cookie: first.pending!.replace('samtykke_console_pending', 'samtykke_console') } })).status).toBe(401);

    const res = await second('code', first.pending, { code: code(secret) });
    expect(res.status).toBe(200);
    const session = await sessionOf(res);
    expect(await (await t.request('/console/api/me', { session })).json()).toMatchObject({ account: { email: OWNER.email } });
    // The pending sign-in is spent.
    expect((await second('code', first.pending, { code: code(secret) })).status).toBe(401);
  });

  it('refuses a wrong code with a JSON 401 and counts it with the password throttle, which a right password does not clear', async () => {
    const { t, code, password, second, enrol } = await setup();
    const { secret } = await enrol(await t.signIn(OWNER));
    t.advance(STEP);
    const wrongCode = code(secret, new Date(t.now().getTime() + 10 * STEP));
    let { pending } = await password(OWNER);
    for (let i = 0; i < 4; i += 1) {
      const res = await second('code', pending, { code: wrongCode });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'invalid_code', message: expect.stringMatching(/code/) });
    }
    // A right password again does not clear the account's failures: the fifth wrong code locks it.
    ({ pending } = await password(OWNER));
    expect((await second('code', pending, { code: wrongCode })).status).toBe(401);
    const locked = await second('code', pending, { code: code(secret) });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await password(OWNER)).res.status).toBe(429);

  });

  it('ends a pending sign-in after 5 attempts, even from 5 addresses: then even the right code needs the password again', async () => {
    const { t, code, password, second, enrol } = await setup();
    const { secret } = await enrol(await t.signIn(OWNER));
    t.advance(STEP);
    const { pending } = await password(OWNER);
    const wrongCode = code(secret, new Date(t.now().getTime() + 10 * STEP));
    // One code from each address: no pair counter reaches its limit (5), nor the account's (10).
    for (let i = 0; i < 5; i += 1) {
      t.setAddress(`198.51.100.${i + 1}`);
      expect((await second('code', pending, { code: wrongCode })).status).toBe(401);
    }
    t.setAddress('198.51.100.6');
    const spent = await second('code', pending, { code: code(secret) });
    expect(spent.status).toBe(401);
    expect(await spent.json()).toMatchObject({ error: 'no_pending_sign_in' });
    expect((await second('code', (await password(OWNER)).pending, { code: code(secret) })).status).toBe(200);
  });

  it('refuses a code already used in its time step (replay), and takes the next step’s', async () => {
    const { t, code, password, second, sessionOf, enrol } = await setup();
    const { secret } = await enrol(await t.signIn(OWNER));
    // The code that confirmed the enrolment is used already.
    const replayEnrol = await second('code', (await password(OWNER)).pending, { code: code(secret) });
    expect(replayEnrol.status).toBe(401);
    expect(await replayEnrol.json()).toMatchObject({ error: 'code_used' });
    t.advance(STEP);
    const used = code(secret);
    const ok = await second('code', (await password(OWNER)).pending, { code: used });
    expect(ok.status).toBe(200);
    await t.request('/console/api/logout', { method: 'POST', session: await sessionOf(ok) });
    const replay = await second('code', (await password(OWNER)).pending, { code: used });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: 'code_used' });
    // The previous step's code is inside the window but older than the one used: refused too.
    t.advance(STEP);
    expect((await second('code', (await password(OWNER)).pending, { code: code(secret, new Date(t.now().getTime() - STEP)) })).status).toBe(401);
    expect((await second('code', (await password(OWNER)).pending, { code: code(secret) })).status).toBe(200);
  });

  it('takes a code one step either side of the server clock, not two', async () => {
    const { t, code, password, second, enrol } = await setup();
    const { secret } = await enrol(await t.signIn(OWNER));
    t.advance(10 * STEP);
    const at = (steps: number) => new Date(t.now().getTime() + steps * STEP);
    expect((await second('code', (await password(OWNER)).pending, { code: code(secret, at(-2)) })).status).toBe(401);
    expect((await second('code', (await password(OWNER)).pending, { code: code(secret, at(1)) })).status).toBe(200);
  });

  it('signs in with a recovery code once, in any case and with or without dashes', async () => {
    const { t, password, second, sessionOf, enrol } = await setup();
    const { recoveryCodes } = await enrol(await t.signIn(OWNER));
    const typed = recoveryCodes[3]!.toUpperCase().replaceAll('-', ' ');
    const ok = await second('code', (await password(OWNER)).pending, { code: typed });
    expect(ok.status).toBe(200);
    const session = await sessionOf(ok);
    expect(await (await t.request('/console/api/two-factor', { session })).json()).toMatchObject({ recoveryCodesLeft: 9 });
    const again = await second('code', (await password(OWNER)).pending, { code: recoveryCodes[3]! });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: 'invalid_code' });
    expect((await second('code', (await password(OWNER)).pending, { code: recoveryCodes[4]! })).status).toBe(200);
  });

  it('lets an owner require two-factor: staff without it are signed out and set it up right after the password', async () => {
    const { t, code, password, second, sessionOf, enrol } = await setup();
    const owner = await t.signIn(OWNER);
    const agent = await t.signIn(AGENT);
    // An owner without it would lock themselves out with their own switch.
    const early = await t.request(`/console/api/sites/${SITE}/two-factor`, { method: 'PUT', body: { required: true }, session: owner });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: 'two_factor_off' });
    await enrol(owner);
    expect((await t.request(`/console/api/sites/${SITE}/two-factor`, { method: 'PUT', body: { required: true }, session: agent })).status).toBe(403);
    expect((await t.request(`/console/api/sites/${SITE}/two-factor`, { method: 'PUT', body: { required: 'yes' }, session: owner })).status).toBe(400);
    expect((await t.request('/console/api/sites/pk_nope/two-factor', { method: 'PUT', body: { required: true }, session: owner })).status).toBe(404);
    const on = await t.request(`/console/api/sites/${SITE}/two-factor`, { method: 'PUT', body: { required: true }, session: owner });
    expect(await on.json()).toEqual({ required: true });
    expect(await (await t.request(`/console/api/sites/${SITE}/two-factor`, { session: owner })).json()).toEqual({ required: true });
    expect((await t.request('/console/api/me', { session: agent })).status).toBe(401);
    expect((await t.request('/console/api/me', { session: owner })).status).toBe(200);

    const first = await password(AGENT);
    expect(first.res.status).toBe(202);
    expect(await first.res.json()).toEqual({ next: 'enrol' });
    // Setting up is the only way on: no code step, no session.
    expect((await second('code', first.pending, { code: '123456' })).status).toBe(401);
    const started = TwoFactorEnrolment.parse(await (await second('enrol', first.pending)).json());
    const wrong = await second('enrol/confirm', first.pending, { code: '000000' });
    expect(wrong.status).toBe(400);
    const done = await second('enrol/confirm', first.pending, { code: code(started.secret) });
    expect(done.status).toBe(200);
    const enrolled = ConsoleMeEnrolled.parse(await done.clone().json());
    expect(enrolled.recoveryCodes).toHaveLength(10);
    const session = await sessionOf(done);
    expect(await (await t.request('/console/api/two-factor', { session })).json()).toEqual({ enabled: true, required: true, recoveryCodesLeft: 10 });
    // Required: the agent cannot switch it off, even with a right code.
    t.advance(STEP);
    const off = await t.request('/console/api/two-factor/disable', { method: 'POST', body: { code: code(started.secret) }, session });
    expect(off.status).toBe(409);
    expect(await off.json()).toMatchObject({ error: 'two_factor_required' });

    // Lost phone: the owner resets it, the agent is signed out and sets it up again at the next sign-in.
    const agentId = (await t.store.findAccountForLogin(AGENT.email))!.id;
    expect((await t.request(`/console/api/accounts/${agentId}/two-factor/reset`, { method: 'POST', session })).status).toBe(403);
    expect((await t.request(`/console/api/accounts/${agentId}/two-factor/reset`, { method: 'POST', session: owner })).status).toBe(200);
    expect((await t.request('/console/api/me', { session })).status).toBe(401);
    expect(await (await password(AGENT)).res.json()).toEqual({ next: 'enrol' });

    // Not required any more: the agent without two-factor signs in with the password alone.
    await t.request(`/console/api/sites/${SITE}/two-factor`, { method: 'PUT', body: { required: false }, session: owner });
    expect((await password(AGENT)).res.status).toBe(200);
  });

  it('requires it of that site\'s staff only: another site\'s staff keep their sessions, and only its owner sets it or resets', async () => {
    const { t, password, enrol } = await setup();
    const OTHER = 'pk_other_site01';
    await t.store.upsertSite(siteSettings({ key: OTHER, name: 'Annen kunde', origins: ['https://annen.example'] }));
    const owner = await t.signIn(OWNER);
    const agent = await t.signIn(AGENT);
    const otherOwner = await t.staff('eier@annen.example', [{ site: OTHER, role: 'owner' }]);
    const otherAgent = await t.staff('agent@annen.example', [{ site: OTHER, role: 'agent' }]);
    await enrol(otherOwner);
    // Another site's owner: the site is as unknown to them as a made-up key, to read or to set.
    expect((await t.request(`/console/api/sites/${SITE}/two-factor`, { session: otherOwner })).status).toBe(404);
    const foreign = await t.request(`/console/api/sites/${SITE}/two-factor`, { method: 'PUT', body: { required: true }, session: otherOwner });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: 'unknown_site' });
    expect(await t.store.siteRequiresTwoFactor(SITE)).toBe(false);
    // Their own site: required for its staff, and no one else is signed out.
    expect((await t.request(`/console/api/sites/${OTHER}/two-factor`, { method: 'PUT', body: { required: true }, session: otherOwner })).status).toBe(200);
    expect((await t.request('/console/api/me', { session: otherAgent })).status).toBe(401);
    expect((await t.request('/console/api/me', { session: agent })).status).toBe(200);
    expect((await t.request('/console/api/me', { session: owner })).status).toBe(200);
    expect(await (await t.request('/console/api/two-factor', { session: agent })).json()).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });
    expect((await password(AGENT)).res.status).toBe(200);
    expect(await (await password({ email: 'agent@annen.example', password: 'agent@annen.example-passord-lang-nok' })).res.json()).toEqual({ next: 'enrol' });
    // Resetting: only for the staff of a site the caller owns; others' accounts answer as unknown ids.
    const agentId = (await t.store.findAccountForLogin(AGENT.email))!.id;
    const otherOwnerId = (await t.store.findAccountForLogin('eier@annen.example'))!.id;
    const hidden = await t.request(`/console/api/accounts/${agentId}/two-factor/reset`, { method: 'POST', session: otherOwner });
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ error: 'not_found' });
    expect((await t.request(`/console/api/accounts/${otherOwnerId}/two-factor/reset`, { method: 'POST', session: owner })).status).toBe(404);
    expect(await t.store.twoFactorOf(otherOwnerId)).toMatchObject({ enabledAt: expect.any(String) });
  });

  it('switches off with a current code, not with a wrong one; then the password is enough', async () => {
    const { t, code, password, enrol } = await setup();
    const session = await t.signIn(OWNER);
    const { secret } = await enrol(session);
    t.advance(STEP);
    const wrong = await t.request('/console/api/two-factor/disable', { method: 'POST', body: { code: code(secret, new Date(t.now().getTime() + 9 * STEP)) }, session });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_code' });
    expect((await t.request('/console/api/two-factor/disable', { method: 'POST', body: { code: code(secret) }, session })).status).toBe(200);
    expect(await t.query('SELECT * FROM account_recovery_codes')).toEqual([]);
    expect((await password(OWNER)).res.status).toBe(200);
  });

  it('refuses the second step of an account disabled after its password step', async () => {
    const { t, code, password, second, enrol } = await setup();
    const { secret } = await enrol(await t.signIn(AGENT));
    t.advance(STEP);
    const { pending } = await password(AGENT);
    const agentId = (await t.store.findAccountForLogin(AGENT.email))!.id;
    expect((await t.request(`/console/api/accounts/${agentId}/disabled`, { method: 'POST', body: { disabled: true }, session: await t.signIn(OWNER) })).status).toBe(200);
    const res = await second('code', pending, { code: code(secret) });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).not.toMatch(/samtykke_console=cs_/);
  });

  it('answers bad input on the second step with a JSON 4xx naming the problem', async () => {
    const { t, password, second, enrol } = await setup();
    await enrol(await t.signIn(OWNER));
    const { pending } = await password(OWNER);
    const empty = await second('code', pending, {});
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: 'validation_failed', issues: [expect.objectContaining({ path: 'code' })] });
    expect((await second('code', pending, { code: 'x'.repeat(41) })).status).toBe(400);
    expect(await (await second('code', undefined, { code: '123456' })).json()).toMatchObject({ error: 'no_pending_sign_in' });
    expect((await t.request('/console/api/login/code', { method: 'POST', body: { code: '123456' }, origin: 'https://evil.example', headers: { Cookie: pending! } })).status).toBe(403);
    // A pending sign-in lives 5 minutes.
    t.advance(5 * 60_000 + 1);
    expect((await second('code', pending, { code: '123456' })).status).toBe(401);
  });
});
