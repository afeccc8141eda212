import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebhookEventType } from '../../../protocol/index.ts';
import { backends, type TestStore } from '../../store/backends.testing.ts';
import type { NewConsentEvent, Store } from '../../store/index.ts';
import { cookieEvent, formEvent, SITE, testAppsClosedAfterEach } from '../../testing.ts';
import { createOutboundGuard } from '../outbound/index.ts';
import { startReceiver, type Receiver } from './receiver.testing.ts';
import { createWebhookWorker, type WebhookWorkerOptions } from './worker.ts';

const ALL: WebhookEventType[] = ['consent.granted', 'consent.declined', 'consent.withdrawn', 'cookie.choice'];
const loopback = createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true });
const MINUTE = 60_000;

// The controlled clock is the system time: the Standard Webhooks verifier checks the signed
// timestamp against Date.now(), so the receiver must live on the same (faked) time. Timers stay real.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-01T10:00:00.000Z'));
});
afterEach(() => vi.useRealTimers());
const advance = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms));

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function receiver(redirectTo?: string) {
  const r = await startReceiver(redirectTo);
  receivers.push(r);
  return r;
}

const item = (event: NewConsentEvent['event']): NewConsentEvent => ({ site: SITE, event, receivedAt: new Date(), source: 'browser' });
const worker = (store: Store, over: Partial<WebhookWorkerOptions> = {}) =>
  createWebhookWorker({ store, outbound: loopback, clock: () => new Date(), random: () => 0.5, timeoutMs: 1000, leaseMs: 5000, ...over });

async function endpoint(store: Store, r: Receiver, events = ALL) {
  const { endpoint: e, secret } = await store.createWebhookEndpoint({ site: SITE, url: r.url, events, at: new Date() });
  r.secret = secret;
  return e;
}

/** Runs the worker until nothing more is due now. */
async function drain(w: ReturnType<typeof worker>) {
  while ((await w.deliverDue()) > 0);
}

/** Each person's event ids in the order given. */
const perPerson = (list: { email: string | null; eventId: string }[]) => {
  const map = new Map<string, string[]>();
  for (const { email, eventId } of list) map.set(email ?? '', [...(map.get(email ?? '') ?? []), eventId]);
  return map;
};

describe.each(backends)('webhooks on $name', ({ open }) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await open();
  });

  it('tells of restriction and objection set and lifted, and of erasure without the address, each with the change, in order with the consents', async () => {
    const r = await receiver();
    const subjectTypes = ['subject.erased', 'subject.restricted', 'subject.restriction-lifted', 'subject.objected', 'subject.objection-lifted'] as const;
    await endpoint(t.store, r, ['consent.granted', ...subjectTypes]);
    const other = await receiver();
    await endpoint(t.store, other, ['consent.granted']);
    expect((await t.store.appendConsentEvents([item(formEvent(t.textHash))]))[0]!.ok).toBe(true);
    const kari = (await t.store.subjectsByEmail('kari@example.no'))[0]!;
    const at = () => new Date();
    expect(await t.store.setSubjectFlag(kari.id, 'restricted', true, at())).toBe(true);
    // Set again: no change, no event.
    await t.store.setSubjectFlag(kari.id, 'restricted', true, at());
    await t.store.setSubjectFlag(kari.id, 'restricted', false, at());
    await t.store.setSubjectFlag(kari.id, 'objected', true, at());
    await t.store.setSubjectFlag(kari.id, 'objected', false, at());
    // Sent before the erasure: the payloads are built when sent, and carry no address once erased.
    await drain(worker(t.store));
    expect(await t.store.eraseSubject(kari.id, at(), new Date(Date.now() + 30 * 24 * 60 * MINUTE))).toBe(true);
    await t.store.eraseSubject(kari.id, at(), new Date(Date.now() + 30 * 24 * 60 * MINUTE));

    await drain(worker(t.store));
    expect(r.rejected).toEqual([]);
    expect(r.received.map((x) => [x.payload.type, x.payload.data.email])).toEqual([
      ['consent.granted', 'kari@example.no'],
      ['subject.restricted', 'kari@example.no'],
      ['subject.restriction-lifted', 'kari@example.no'],
      ['subject.objected', 'kari@example.no'],
      ['subject.objection-lifted', 'kari@example.no'],
      ['subject.erased', null],
    ]);
    const ids = r.received.slice(1).map((x) => x.payload.data.eventId);
    expect(new Set(ids).size).toBe(5);
    for (const x of r.received.slice(1)) expect(x.payload.data).toEqual({ site: SITE, eventId: expect.stringMatching(/^chg_[0-9a-f]{32}$/), email: x.payload.data.email });
    // An endpoint that did not ask hears nothing of them.
    expect(other.received.map((x) => x.payload.type)).toEqual(['consent.granted']);
  });

  it('tells of a rights request received, verified and completed, with ids, kind and reference but no personal fields', async () => {
    const r = await receiver();
    await endpoint(t.store, r, ['request.received', 'request.verified', 'request.completed']);
    const now = () => new Date();
    await t.store.createRightsRequest({ id: 'req_webhook_1', site: SITE, tokenHash: 'a'.repeat(64), kind: 'erasure', lang: 'nb', name: 'Kari Nordmann', email: 'kari@example.no', details: { note: 'slett meg' }, conversationId: null, receivedAt: now() });
    const verified = await t.store.markVerified('req_webhook_1', now(), new Date(Date.now() + 30 * 24 * 60 * MINUTE), 'TB');
    await t.store.setRightsStatus('req_webhook_1', 'in-progress', now(), 'staff:1');
    await t.store.setRightsStatus('req_webhook_1', 'completed', now(), 'staff:1');

    await drain(worker(t.store));
    expect(r.rejected).toEqual([]);
    expect(r.received.map((x) => x.payload.type)).toEqual(['request.received', 'request.verified', 'request.completed']);
    expect(r.received.map((x) => x.payload.data)).toEqual([
      { site: SITE, eventId: expect.stringMatching(/^chg_/), requestId: 'req_webhook_1', reference: verified.reference, kind: 'erasure', email: null },
      { site: SITE, eventId: expect.stringMatching(/^chg_/), requestId: 'req_webhook_1', reference: verified.reference, kind: 'erasure', email: null },
      { site: SITE, eventId: expect.stringMatching(/^chg_/), requestId: 'req_webhook_1', reference: verified.reference, kind: 'erasure', email: null },
    ]);
    expect(JSON.stringify(r.received)).not.toMatch(/Kari|kari@|slett/);
  });

  it('signs every event kind so the Standard Webhooks verifier accepts it, and sends only the kinds asked for', async () => {
    const all = await receiver();
    const onlyWithdrawn = await receiver();
    await endpoint(t.store, all);
    await endpoint(t.store, onlyWithdrawn, ['consent.withdrawn']);
    const granted = formEvent(t.textHash);
    const declined = formEvent(t.textHash, { subject: { email: 'ola@example.no' }, purposes: [{ purpose: 'marketing-email', decision: 'declined' }] });
    const withdrawn = formEvent(t.textHash, { purposes: [{ purpose: 'marketing-email', decision: 'withdrawn' }] });
    const cookies = cookieEvent(t.textHash, 'c_0123456789abcdef');
    for (const e of [granted, declined, withdrawn, cookies]) expect((await t.store.appendConsentEvents([item(e)]))[0]!.ok).toBe(true);

    await drain(worker(t.store));

    expect(all.rejected).toEqual([]);
    const byType = new Map(all.received.map((r) => [r.payload.type, r.payload.data]));
    expect([...byType].map(([type, data]) => [type, data.eventId]).sort()).toEqual([
      ['consent.declined', declined.id], ['consent.granted', granted.id], ['consent.withdrawn', withdrawn.id], ['cookie.choice', cookies.id],
    ]);
    expect(all.received).toHaveLength(4);
    // Kari's withdrawal waited for her grant.
    expect(all.received.findIndex((r) => r.payload.data.eventId === granted.id)).toBeLessThan(all.received.findIndex((r) => r.payload.data.eventId === withdrawn.id));
    expect(byType.get('consent.granted')).toMatchObject({ site: SITE, email: 'kari@example.no', basis: 'consent', formId: 'nyhetsbrev', purposes: [{ purpose: 'marketing-email', decision: 'granted' }] });
    expect(byType.get('cookie.choice')).toMatchObject({ email: null, consentId: 'c_0123456789abcdef' });
    expect(onlyWithdrawn.received.map((r) => r.payload.data.eventId)).toEqual([withdrawn.id]);
    // Never more than the CRM needs: the strict schema refused any other field; nothing of the browser.
    expect(JSON.stringify(all.received)).not.toMatch(/userAgent|ipTruncated|pageUrl|\/kontakt/i);
  });

  it('gets everything committed, once and in order per person, to a receiver that failed, was down for an hour and hung', async () => {
    const r = await receiver();
    await endpoint(t.store, r);
    const w = worker(t.store);
    const people = ['kari@example.no', 'ola@example.no', 'per@example.no'];
    const committed: { email: string; eventId: string }[] = [];
    const append = async (n: number) => {
      const email = people[n % people.length]!;
      const e = formEvent(t.textHash, { subject: { email }, purposes: [{ purpose: 'marketing-email', decision: n % 2 ? 'withdrawn' : 'granted' }] });
      const [result] = await t.store.appendConsentEvents([item(e)]);
      if (result!.ok) committed.push({ email, eventId: e.id });
    };

    r.mode = 'fail';
    for (let n = 0; n < 6; n++) await append(n);
    await drain(w);
    // An event the store refused (a text it never served) is never announced.
    expect((await t.store.appendConsentEvents([item(formEvent('0'.repeat(64)))]))[0]!.ok).toBe(false);

    await r.down();
    for (let minute = 0; minute < 60; minute += 5) {
      advance(5 * MINUTE);
      await append(minute);
      await drain(w);
    }
    await r.up();
    r.mode = 'hang';
    const before = r.requests;
    advance(2 * 60 * MINUTE);
    await drain(w);
    expect(r.requests).toBeGreaterThan(before);
    expect(r.received).toEqual([]);

    r.mode = 'ok';
    for (let step = 0; step < 10 && r.received.length < committed.length; step++) {
      advance(3 * 60 * MINUTE);
      await drain(w);
    }
    const got = r.received.map((x) => ({ email: x.payload.data.email!, eventId: x.payload.data.eventId }));
    expect(new Set(r.received.map((x) => x.id)).size).toBe(r.received.length);
    expect(got).toHaveLength(committed.length);
    expect(perPerson(got)).toEqual(perPerson(committed));
    console.log(`[webhooks] ${t.backend}: committed ${committed.length}, delivered ${got.length}, attempts ${r.requests}`);
  });

  it('gives a delivery up after three days of failures and marks the endpoint failing; resend sends it again', async () => {
    const r = await receiver();
    const e = await endpoint(t.store, r);
    r.mode = 'fail';
    await t.store.appendConsentEvents([item(formEvent(t.textHash))]);
    const w = worker(t.store);
    for (let hour = 0; hour < 80; hour++) {
      advance(60 * MINUTE);
      await drain(w);
    }
    const [d] = await t.store.listWebhookDeliveries(SITE, e.id, 10);
    expect(d).toMatchObject({ state: 'failed', lastStatus: 500, lastResponse: 'try later' });
    expect(d!.attempts).toBeGreaterThan(10);
    const [failing] = await t.store.listWebhookEndpoints(SITE);
    expect(failing!.consecutiveFailures).toBe(d!.attempts);
    expect(failing!.failingSince).not.toBeNull();

    r.mode = 'ok';
    expect(await t.store.resendWebhookDelivery(SITE, e.id, d!.id, new Date())).toBe(true);
    await drain(w);
    expect(r.received).toHaveLength(1);
    expect((await t.store.listWebhookEndpoints(SITE))[0]).toMatchObject({ consecutiveFailures: 0, failingSince: null });
  });

  it('cuts off a hanging receiver and does not follow a redirect, while another endpoint gets its events', async () => {
    const inside = await receiver();
    const good = await receiver();
    const hanging = await receiver();
    const redirecting = await receiver(inside.url);
    await endpoint(t.store, good);
    const hangingEndpoint = await endpoint(t.store, hanging);
    const redirectEndpoint = await endpoint(t.store, redirecting);
    hanging.mode = 'hang';
    redirecting.mode = 'redirect';
    for (let n = 0; n < 3; n++) await t.store.appendConsentEvents([item(formEvent(t.textHash, { subject: { email: `p${n}@example.no` } }))]);

    await drain(worker(t.store, { timeoutMs: 300 }));

    expect(good.received).toHaveLength(3);
    expect(inside.requests).toBe(0);
    const byEndpoint = async (id: string) => (await t.store.listWebhookDeliveries(SITE, id, 10)).map((d) => [d.state, d.lastStatus, d.lastResponse?.split(':')[0]]);
    expect(await byEndpoint(hangingEndpoint.id)).toEqual(Array(3).fill(['pending', null, 'timeout']));
    expect((await byEndpoint(redirectEndpoint.id)).map(([state, status]) => [state, status])).toEqual(Array(3).fill(['pending', 307]));
  });

  it('refuses to deliver to an address inside the network with the production guard', async () => {
    const r = await receiver();
    const e = await endpoint(t.store, r);
    await t.store.appendConsentEvents([item(formEvent(t.textHash))]);
    await drain(worker(t.store, { outbound: createOutboundGuard({ allowHttp: true }) }));
    expect(r.requests).toBe(0);
    const [d] = await t.store.listWebhookDeliveries(SITE, e.id, 1);
    expect(d!.lastResponse).toMatch(/^target_not_public/);
  });
});

const app = testAppsClosedAfterEach();

describe.each(backends)('a withdrawal by unsubscribe link on $name', (backend) => {
  it('reaches the receiver as consent.withdrawn after the grant', async () => {
    const t = await app({ backend });
    const r = await receiver();
    await endpoint(t.store, r);
    const grant = formEvent(t.textHash);
    expect((await t.postEvents({ site: SITE, events: [grant] })).status).toBe(200);
    const token = await t.store.unsubscribeToken(SITE, 'kari@example.no');
    const done = await t.app.request(`/u/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(done.status).toBeLessThan(400);
    await drain(worker(t.store));
    expect(r.received.map((x) => [x.payload.type, x.payload.data.email, 'source' in x.payload.data ? x.payload.data.source : null])).toEqual([
      ['consent.granted', 'kari@example.no', 'browser'],
      ['consent.withdrawn', 'kari@example.no', 'server'],
    ]);
  });
});

describe('webhooks with two PostgreSQL instances', () => {
  it('delivers each event once between them', async () => {
    const t = await backends.find((b) => b.name === 'postgres')!.open({ poolSize: 4 });
    const second = await t.reopen();
    const r = await receiver();
    await endpoint(t.store, r);
    const ids: string[] = [];
    for (let n = 0; n < 60; n++) {
      const e = formEvent(t.textHash, { subject: { email: `p${n % 12}@example.no` } });
      ids.push(e.id);
      await (n % 2 ? second : t.store).appendConsentEvents([item(e)]);
    }
    const a = worker(t.store, { concurrency: 4 });
    const b = worker(second, { concurrency: 4 });
    for (let round = 0; round < 40 && r.received.length < ids.length; round++) await Promise.all([a.deliverDue(), b.deliverDue()]);
    expect(r.received.map((x) => x.payload.data.eventId).sort()).toEqual([...ids].sort());
    expect(new Set(r.received.map((x) => x.id)).size).toBe(ids.length);
    console.log(`[webhooks] two instances: ${ids.length} events, ${r.requests} requests, ${r.received.length} delivered`);
  });
});
