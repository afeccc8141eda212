import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mail } from '../services/mail/index.ts';
import type { Store } from '../store/index.ts';
import { formEvent, withoutRequestId } from '../testing.ts';
import { captureMailer, chatTestApp, DPO, ORIGIN, SITE } from './chat-testing.ts';

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function setup() {
  const mailer = captureMailer();
  const t = await chatTestApp({ mailer });
  stores.push(t.store);
  const erasure = (email = 'kari@example.no') => ({ site: SITE, lang: 'nb', request: { kind: 'erasure', name: 'Kari Nordmann', email } });
  async function create(body: unknown = erasure()) {
    const res = await t.call('POST', '/v1/requests', body);
    await t.settle();
    return res;
  }
  async function createOk(body: unknown = erasure()) {
    const res = await create(body);
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; token: string; status: string };
  }
  const codeFor = (email: string, nth = -1): string => {
    const mails = mailer.sent.filter((m: Mail) => m.to === email && m.kind === 'verification-code');
    return /\b(\d{6})\b/.exec(mails.at(nth)!.text)![1]!;
  };
  const verify = (r: { id: string; token: string }, code: string) => t.call('POST', `/v1/requests/${r.id}/verify`, { code }, t.withToken(r.token));
  const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  return { ...t, mailer, erasure, create, createOk, codeFor, verify, otherCode };
}

describe('creating a rights request', () => {
  it('answers 201 awaiting verification and mails a 6-digit code that is stored only as an HMAC', async () => {
    const t = await setup();
    const r = await t.createOk();
    expect(r).toEqual({ id: expect.any(String), token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), status: 'awaiting-verification' });
    const code = t.codeFor('kari@example.no');
    expect(code).toMatch(/^\d{6}$/);
    expect(t.mailer.sent[0]!.subject).toBe(`Koden din: ${code}`);
    const db = new Database(t.dbPath, { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM verification_codes').all()) + JSON.stringify(db.prepare('SELECT * FROM requests').all());
    db.close();
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(r.token);
    expect(t.logs.join('\n')).not.toMatch(/kari@example\.no|Kari Nordmann/);
    expect(t.logs.join('\n')).not.toContain(code);
  });

  it('is refused from a foreign origin and validated with the protocol schema', async () => {
    const t = await setup();
    expect((await t.call('POST', '/v1/requests', t.erasure(), { Origin: 'https://evil.example' })).status).toBe(403);
    const bad = await t.create({ site: SITE, lang: 'nb', request: { kind: 'rectification', name: 'Kari', email: 'kari@example.no' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues.map((i: { path: string }) => i.path)).toContain('request.correction');
  });

  it('answers the same for an address we know and one we have never seen (no enumeration)', async () => {
    const t = await setup();
    await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash, { subject: { email: 'known@example.no' } }), receivedAt: t.state.now, source: 'browser' }]);
    await t.createOk(t.erasure('known@example.no'));
    const known = await t.create(t.erasure('known@example.no'));
    const unknown = await t.create(t.erasure('never-seen@example.no'));
    expect(known.status).toBe(unknown.status);
    const [a, b] = [await known.json(), await unknown.json()];
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(a.status).toBe(b.status);
    expect([...known.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
    // Both get a code: the address is never looked up, so nothing can differ.
    expect(t.mailer.sent.filter((m) => m.to === 'never-seen@example.no')).toHaveLength(1);
  });

  it('allows a second request for the same address while one is pending, each with its own code, and limits them per address', async () => {
    const t = await setup();
    const first = await t.createOk();
    const second = await t.createOk();
    expect(second.id).not.toBe(first.id);
    const [c1, c2] = [t.codeFor('kari@example.no', 0), t.codeFor('kari@example.no', 1)];
    expect((await t.verify(second, c2)).status).toBe(200);
    if (c1 !== c2) expect((await t.verify(first, c2)).status).toBe(400);
    expect((await t.verify(first, c1)).status).toBe(200);
    await t.createOk();
    const fourth = await t.create();
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toBe('3600');
    expect((await t.create(t.erasure('ola@example.no'))).status).toBe(201);
  });
});

describe('verifying the email address', () => {
  it('gives a per-site reference and the one-month deadline, tells the DPO without personal data, and confirms to the requester', async () => {
    const t = await setup();
    const r = await t.createOk();
    const res = await t.verify(r, t.codeFor('kari@example.no'));
    expect(res.status).toBe(200);
    const status = await res.json();
    // Received 1 March 2024 in Oslo: due at the end of 1 April, Oslo summer time.
    expect(status).toEqual({ id: r.id, kind: 'erasure', status: 'verified', reference: 'TB-2024-000001', receivedAt: '2024-03-01T10:00:05.000Z', dueAt: '2024-04-01T21:59:59.999Z' });
    await t.settle();
    const dpo = t.mailer.sent.find((m) => m.to === DPO)!;
    expect(dpo.text).toContain('TB-2024-000001');
    expect(dpo.text).not.toMatch(/Kari|kari@example\.no/);
    expect(t.mailer.sent.find((m) => m.kind === 'request-confirmed')!.text).toContain('TB-2024-000001');
    const second = await t.createOk(t.erasure('ola@example.no'));
    expect((await (await t.verify(second, t.codeFor('ola@example.no'))).json()).reference).toBe('TB-2024-000002');
  });

  it('answers a wrong code with 400 and the attempts left', async () => {
    const t = await setup();
    const r = await t.createOk();
    const res = await t.verify(r, t.otherCode(t.codeFor('kari@example.no')));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'wrong_code', attemptsLeft: 4 });
  });

  it('kills the code after five wrong attempts, even for the right code afterwards', async () => {
    const t = await setup();
    const r = await t.createOk();
    const code = t.codeFor('kari@example.no');
    for (let i = 0; i < 4; i += 1) expect((await t.verify(r, t.otherCode(code))).status).toBe(400);
    const fifth = await t.verify(r, t.otherCode(code));
    expect(fifth.status).toBe(429);
    expect(await fifth.json()).toMatchObject({ error: 'too_many_attempts' });
    expect((await t.verify(r, code)).status).toBe(429);
    const resend = await t.call('POST', `/v1/requests/${r.id}/resend`, {}, t.withToken(r.token));
    expect(resend.status).toBe(202);
    await t.settle();
    expect((await t.verify(r, t.codeFor('kari@example.no'))).status).toBe(200);
  });

  it('refuses an expired code with 410 after 15 minutes', async () => {
    const t = await setup();
    const r = await t.createOk();
    const code = t.codeFor('kari@example.no');
    t.state.now = new Date(t.state.now.getTime() + 15 * 60_000);
    const res = await t.verify(r, code);
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: 'code_expired' });
  });

  it('accepts a code just before it expires', async () => {
    const t = await setup();
    const r = await t.createOk();
    t.state.now = new Date(t.state.now.getTime() + 15 * 60_000 - 1000);
    expect((await t.verify(r, t.codeFor('kari@example.no'))).status).toBe(200);
  });

  it('refuses a code used once already with 409', async () => {
    const t = await setup();
    const r = await t.createOk();
    const code = t.codeFor('kari@example.no');
    expect((await t.verify(r, code)).status).toBe(200);
    const again = await t.verify(r, code);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'already_verified' });
  });

  it('retires the old code when a new one is sent, and limits resends', async () => {
    const t = await setup();
    const r = await t.createOk();
    const old = t.codeFor('kari@example.no');
    const resend = () => t.call('POST', `/v1/requests/${r.id}/resend`, {}, t.withToken(r.token));
    expect((await resend()).status).toBe(202);
    await t.settle();
    const fresh = t.codeFor('kari@example.no');
    if (old !== fresh) expect((await t.verify(r, old)).status).toBe(400);
    expect((await resend()).status).toBe(202);
    expect((await resend()).status).toBe(202);
    expect((await resend()).status).toBe(429);
  });
});

describe('following and withdrawing a request', () => {
  it('shows the requester status and dates only, never personal data', async () => {
    const t = await setup();
    const r = await t.createOk({ site: SITE, lang: 'en', request: { kind: 'rectification', name: 'Kari Nordmann', email: 'kari@example.no', correction: 'My phone is 99887766' } });
    const body = await (await t.call('GET', `/v1/requests/${r.id}`, undefined, t.withToken(r.token))).json();
    expect(body).toEqual({ id: r.id, kind: 'rectification', status: 'awaiting-verification', receivedAt: '2024-03-01T10:00:05.000Z' });
  });

  it('withdraws with an audit entry, and not twice', async () => {
    const t = await setup();
    const r = await t.createOk();
    const res = await t.call('POST', `/v1/requests/${r.id}/withdraw`, {}, t.withToken(r.token));
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('withdrawn');
    expect((await t.store.requestEvents(r.id)).map((e) => e.type)).toEqual(['received', 'code-sent', 'status:withdrawn']);
    expect((await t.call('POST', `/v1/requests/${r.id}/withdraw`, {}, t.withToken(r.token))).status).toBe(409);
    expect((await t.verify(r, t.codeFor('kari@example.no'))).status).toBe(409);
  });

  it('keeps the audit trail append-only in the database', async () => {
    const t = await setup();
    await t.createOk();
    const db = new Database(t.dbPath);
    expect(() => db.prepare("UPDATE request_events SET type = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM request_events').run()).toThrow(/append-only/);
    db.close();
  });

  it('never lets one requester see, verify or withdraw another’s request', async () => {
    const t = await setup();
    const a = await t.createOk(t.erasure('a@example.no'));
    const b = await t.createOk(t.erasure('b@example.no'));
    const unknown = await (await t.call('GET', `/v1/requests/${crypto.randomUUID()}`, undefined, t.withToken(a.token))).json();
    for (const res of [
      await t.call('GET', `/v1/requests/${b.id}`, undefined, t.withToken(a.token)),
      await t.call('POST', `/v1/requests/${b.id}/verify`, { code: t.codeFor('b@example.no') }, t.withToken(a.token)),
      await t.call('POST', `/v1/requests/${b.id}/withdraw`, {}, t.withToken(a.token)),
      await t.call('POST', `/v1/requests/${b.id}/resend`, {}, t.withToken(a.token)),
    ]) {
      expect(res.status).toBe(404);
      expect(withoutRequestId(await res.json())).toEqual(withoutRequestId(unknown));
    }
    expect((await t.call('GET', `/v1/requests/${b.id}`, undefined, t.withToken(b.token))).status).toBe(200);
  });
});

describe('the staff view of requests', () => {
  it('lists requests soonest due first, with the requester’s details, behind the admin token', async () => {
    const t = await setup();
    const late = await t.createOk(t.erasure('late@example.no'));
    t.state.now = new Date('2024-02-01T10:00:00.000Z');
    const early = await t.createOk(t.erasure('early@example.no'));
    await t.verify(late, t.codeFor('late@example.no'));
    await t.verify(early, t.codeFor('early@example.no'));
    const pending = await t.createOk(t.erasure('pending@example.no'));
    const res = await t.call('GET', '/admin/v1/requests', undefined, t.asStaff);
    const { requests } = await res.json();
    expect(requests.map((r: { id: string }) => r.id)).toEqual([early.id, late.id, pending.id]);
    expect(requests[0]).toMatchObject({ email: 'early@example.no', name: 'Kari Nordmann', dueAt: '2024-03-01T22:59:59.999Z' });
    expect(requests[0].tokenHash).toBeUndefined();
    expect((await t.call('GET', '/admin/v1/requests', undefined, { Origin: ORIGIN })).status).toBe(401);
  });
});
