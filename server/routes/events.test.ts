import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/index.ts';
import { cookieEvent, formEvent, ORIGIN, SITE, siteSettings, testApp } from '../testing.ts';

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
async function setup(options: Parameters<typeof testApp>[0] = {}) {
  const t = await testApp(options);
  stores.push(t.store);
  return t;
}
const rows = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT * FROM consent_events ORDER BY seq').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
};

describe('POST /v1/events', () => {
  it('accepts a granted, a declined and an existing-customer event and stores each with server facts', async () => {
    const { postEvents, textHash, dbPath, now } = await setup();
    const granted = formEvent(textHash);
    const declined = formEvent(textHash, { purposes: [{ purpose: 'marketing-email', decision: 'declined' }] });
    const customer = formEvent(textHash, { basis: 'existing-customer', collection: { ...granted.collection, formId: 'kundeportal' } });
    const res = await postEvents({ site: SITE, events: [granted, declined, customer] }, { 'User-Agent': 'TestBrowser/1.0' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const body = await res.json();
    expect(body).toEqual({
      acked: [granted, declined, customer].map((e) => ({ id: e.id, receiptId: e.id, replay: false })),
      rejected: [],
    });
    const stored = rows(dbPath);
    expect(stored.map((r) => [r.basis, JSON.parse(String(r.purposes))[0].decision])).toEqual([
      ['consent', 'granted'],
      ['consent', 'declined'],
      ['existing-customer', 'granted'],
    ]);
    expect(stored[0]).toMatchObject({ received_at: now.toISOString(), user_agent: 'TestBrowser/1.0', source: 'browser', ip_truncated: null });
    expect(JSON.stringify(stored)).not.toContain('kari@example.no');
  });

  it('accepts application/json too', async () => {
    const { postEvents, textHash } = await setup();
    const res = await postEvents({ site: SITE, events: [formEvent(textHash)] }, { 'Content-Type': 'application/json' });
    expect(res.status).toBe(200);
  });

  it('stores a replayed event once and says it was a replay', async () => {
    const { postEvents, textHash, store } = await setup();
    const event = formEvent(textHash);
    await postEvents({ site: SITE, events: [event] });
    const res = await postEvents({ site: SITE, events: [event] });
    expect(await res.json()).toEqual({ acked: [{ id: event.id, receiptId: event.id, replay: true }], rejected: [] });
    expect(await store.countConsentEvents()).toBe(1);
  });

  it('refuses the same id with another body with 422 id_conflict', async () => {
    const { postEvents, textHash } = await setup();
    const event = formEvent(textHash);
    await postEvents({ site: SITE, events: [event] });
    const res = await postEvents({ site: SITE, events: [{ ...event, purposes: [{ purpose: 'marketing-email', decision: 'declined' }] }] });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: 'id_conflict', acked: [], rejected: [{ id: event.id, error: 'id_conflict' }] });
  });

  it('refuses an unknown text hash with 422 unknown_text', async () => {
    const { postEvents } = await setup();
    const res = await postEvents({ site: SITE, events: [formEvent('a'.repeat(64))] });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toBe('unknown_text');
  });

  it.each([
    ['a foreign origin', { Origin: 'https://evil.example' }],
    ['the null origin', { Origin: 'null' }],
    ['no origin', { Origin: '' }],
  ])('refuses a browser write from %s with 403', async (_label, headers) => {
    const { postEvents, textHash, store } = await setup();
    const res = await postEvents({ site: SITE, events: [formEvent(textHash)] }, headers);
    expect(res.status).toBe(403);
    expect((await res.json()).error).toBe('origin_not_allowed');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await store.countConsentEvents()).toBe(0);
  });

  it('answers 404 unknown_site for a key no site has', async () => {
    const { postEvents, textHash } = await setup();
    const res = await postEvents({ site: 'pk_nobody_here', events: [formEvent(textHash)] });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe('unknown_site');
  });

  it('names the bad field in issues and still stores the good event beside it', async () => {
    const { postEvents, textHash } = await setup();
    const good = formEvent(textHash);
    const bad = formEvent(textHash, { subject: { email: 'not-an-email' } });
    const mixed = await postEvents({ site: SITE, events: [good, bad] });
    expect(mixed.status).toBe(200);
    expect((await mixed.json()).rejected).toEqual([{ id: bad.id, error: 'invalid_event', message: expect.stringContaining('events.1.subject.email') }]);
    const allBad = await postEvents({ site: SITE, events: [bad] });
    expect(allBad.status).toBe(400);
    const body = await allBad.json();
    expect(body).toMatchObject({ error: 'validation_failed', acked: [], rejected: [{ id: bad.id, error: 'invalid_event' }] });
    expect(body.issues.map((i: { path: string }) => i.path)).toContain('events.0.subject.email');
  });

  it('refuses a cookie choice about an email and a form consent about a browser', async () => {
    const { postEvents, textHash } = await setup();
    const wrong = formEvent(textHash, { kind: 'cookie-choice' });
    const res = await postEvents({ site: SITE, events: [wrong] });
    expect(res.status).toBe(400);
    expect((await res.json()).issues).toEqual([{ path: 'events.0.subject', message: expect.any(String) }]);
  });

  it('refuses an event that names another site and accepts one that names the batch site', async () => {
    const { postEvents, textHash } = await setup();
    const res = await postEvents({ site: SITE, events: [{ ...formEvent(textHash), site: 'pk_other_site1' }, { ...formEvent(textHash), site: SITE }] });
    const body = await res.json();
    expect(body.acked).toHaveLength(1);
    expect(body.rejected).toEqual([expect.objectContaining({ error: 'site_mismatch' })]);
  });

  it('answers 400 with issues for a batch of the wrong shape', async () => {
    const { postEvents } = await setup();
    const res = await postEvents({ site: SITE, events: [] });
    expect(res.status).toBe(400);
    expect((await res.json()).issues[0].path).toBe('events');
  });

  it('answers 400 invalid_json for a body that is not JSON', async () => {
    const { postEvents } = await setup();
    const res = await postEvents('{"site":');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_json');
  });

  it('answers 415 for another content type', async () => {
    const { postEvents, textHash } = await setup();
    const res = await postEvents({ site: SITE, events: [formEvent(textHash)] }, { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect((await res.json()).error).toBe('unsupported_media_type');
  });

  it('answers 413 JSON for a body over 64 KiB', async () => {
    const { postEvents } = await setup();
    const res = await postEvents(JSON.stringify({ site: SITE, events: ['x'.repeat(70 * 1024)] }));
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe('payload_too_large');
  });

  it('records a write with the site secret key as source server, without any Origin', async () => {
    const { postEvents, textHash, siteSecret, dbPath } = await setup();
    const res = await postEvents({ site: SITE, events: [formEvent(textHash)] }, { Origin: '', Authorization: `Bearer ${siteSecret}` });
    expect(res.status).toBe(200);
    expect(rows(dbPath)[0]?.source).toBe('server');
  });

  it('refuses a wrong site secret key with 401', async () => {
    const { postEvents, textHash } = await setup();
    const res = await postEvents({ site: SITE, events: [formEvent(textHash)] }, { Authorization: 'Bearer sk_guess' });
    expect(res.status).toBe(401);
  });

  it('keeps only a truncated address, and only when the site asks for it', async () => {
    const { postEvents, textHash, dbPath, store } = await setup({ clientAddress: '203.0.113.77' });
    await postEvents({ site: SITE, events: [formEvent(textHash)] });
    await store.upsertSite(siteSettings({ ipAddress: 'truncated' }));
    await postEvents({ site: SITE, events: [formEvent(textHash)] });
    expect(rows(dbPath).map((r) => r.ip_truncated)).toEqual([null, '203.0.113.0']);
    expect(JSON.stringify(rows(dbPath))).not.toContain('203.0.113.77');
  });

  it('reads the address from X-Forwarded-For only when told to trust the proxy', async () => {
    const { postEvents, textHash, dbPath, store } = await setup({ trustProxy: true, clientAddress: '127.0.0.1' });
    await store.upsertSite(siteSettings({ ipAddress: 'truncated' }));
    await postEvents({ site: SITE, events: [formEvent(textHash)] }, { 'X-Forwarded-For': '2001:db8:1234:5678::1' });
    expect(rows(dbPath)[0]?.ip_truncated).toBe('2001:db8:1234::');
  });

  it('links a form consent to the browser that sent it, so cookie history joins the person', async () => {
    const { postEvents, textHash, store } = await setup();
    const consentId = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
    const form = formEvent(textHash);
    await postEvents({ site: SITE, events: [cookieEvent(textHash, consentId), { ...form, collection: { ...form.collection, consentId } }] });
    expect((await store.findConsentsByEmail('kari@example.no')).map((r) => r.kind)).toEqual(['cookie-choice', 'form-consent']);
  });

  it('logs counts but no personal data', async () => {
    const { postEvents, textHash, logs } = await setup({ clientAddress: '203.0.113.77' });
    await postEvents({ site: SITE, events: [formEvent(textHash)] }, { 'User-Agent': 'TestBrowser/1.0' });
    const text = JSON.stringify(logs);
    expect(text).toContain('acked');
    for (const secret of ['kari@example.no', '203.0.113', 'TestBrowser', 'shop.example.no/kontakt']) expect(text).not.toContain(secret);
  });
});
