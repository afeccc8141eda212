import { describe, expect, it } from 'vitest';
import type { RightsKind } from '../../../protocol/index.ts';
import { createDailyJobs } from '../../jobs/index.ts';
import { silentLogger } from '../../log.ts';
import type { Mail, Mailer } from '../../services/mail/index.ts';
import { cookieEvent, formEvent, SITE } from '../../testing.ts';
import { sha256Hex } from '../../util/crypto.ts';
import { AGENT, consoleTestApp } from './testing.ts';

const DAY = 24 * 60 * 60 * 1000;

function capturingMailer() {
  const sent: Mail[] = [];
  const mailer: Mailer = { target: 'test', send: async (m) => void sent.push(m), close() {} };
  return { sent, mailer };
}

async function setup() {
  const { sent, mailer } = capturingMailer();
  const t = await consoleTestApp({ chat: { mailer } });
  const session = await t.signIn(AGENT);
  /** A verified request, as the chat leaves it after the code is typed. */
  const newRequest = async (kind: RightsKind, email = 'kari@example.no', token = `tok-${kind}-${email}`) => {
    const id = crypto.randomUUID();
    await t.store.createRightsRequest({ id, site: SITE, tokenHash: sha256Hex(token), kind, lang: 'nb', name: 'Kari', email, details: {}, conversationId: null, receivedAt: t.now() });
    await t.store.markVerified(id, t.now(), new Date(t.now().getTime() + 30 * DAY), 'TS');
    return { id, token };
  };
  const post = (path: string, body: unknown) => t.request(`/console/api/requests${path}`, { method: 'POST', body, session });
  const events = (id: string) => t.store.requestEvents(id);
  return { ...t, session, sent, newRequest, post, events };
}

describe('rights requests in the console', () => {
  it('lists requests soonest due first with the days left', async () => {
    const t = await setup();
    const a = await t.newRequest('access');
    const res = await t.request('/console/api/requests', { session: t.session });
    const { requests } = (await res.json()) as { requests: { id: string; daysLeft: number }[] };
    expect(requests.find((r) => r.id === a.id)?.daysLeft).toBe(30);
  });

  it('allows verified → in progress → completed, refuses going back, and audits each step with who and from → to', async () => {
    const t = await setup();
    const { id } = await t.newRequest('access');
    expect((await t.post(`/${id}/status`, { to: 'in-progress' })).status).toBe(200);
    expect((await t.post(`/${id}/status`, { to: 'in-progress' })).status).toBe(409);
    expect((await t.post(`/${id}/status`, { to: 'completed' })).status).toBe(200);
    expect((await t.post(`/${id}/status`, { to: 'rejected', reason: 'x' })).status).toBe(409);
    const trail = (await t.events(id)).filter((e) => e.actor.startsWith('staff:'));
    expect(trail.map((e) => [e.type, e.data?.from, e.data?.to])).toEqual([
      ['status:in-progress', 'verified', 'in-progress'],
      ['status:completed', 'in-progress', 'completed'],
    ]);
    expect(trail[1]).toMatchObject({ actor: `staff:${AGENT.email}`, data: { emailSent: true } });
  });

  it('refuses every staff move from awaiting verification, withdrawn and expired', async () => {
    const t = await setup();
    const id = crypto.randomUUID();
    await t.store.createRightsRequest({ id, site: SITE, tokenHash: 'x', kind: 'access', lang: 'nb', name: 'K', email: 'k@example.no', details: {}, conversationId: null, receivedAt: t.now() });
    for (const to of ['in-progress', 'completed']) expect((await t.post(`/${id}/status`, { to })).status).toBe(409);
    expect((await t.post(`/${id}/status`, { to: 'rejected', reason: 'x' })).status).toBe(409);
  });

  it('rejects only with a reason, and tells the requester they may complain to Datatilsynet', async () => {
    const t = await setup();
    const { id } = await t.newRequest('erasure');
    expect((await t.post(`/${id}/status`, { to: 'rejected' })).status).toBe(400);
    expect((await t.post(`/${id}/status`, { to: 'rejected', reason: 'Vi må beholde fakturaene i fem år (bokføringsloven).' })).status).toBe(200);
    const mail = t.sent.at(-1)!;
    expect(mail).toMatchObject({ to: 'kari@example.no', kind: 'request-rejected' });
    expect(mail.text).toContain('Datatilsynet');
    expect(mail.text).toContain('bokføringsloven');
    expect((await t.events(id)).at(-1)).toMatchObject({ type: 'status:rejected', data: { reason: expect.stringContaining('bokføringsloven'), emailSent: true } });
  });

  it('extends the deadline once, within the first month, and mails the reason', async () => {
    const t = await setup();
    const { id } = await t.newRequest('access');
    expect((await t.post(`/${id}/extend`, { months: 2, reason: 'Mange og sammensatte opplysninger.' })).status).toBe(200);
    const due = (await t.store.getRightsRequest(id))!.dueAt!;
    // Received 1 March 2024 (Oslo) + 3 months = end of 1 June 2024, Oslo summer time.
    expect(due).toBe('2024-06-01T21:59:59.999Z');
    expect(t.sent.at(-1)).toMatchObject({ kind: 'request-extended' });
    expect((await t.post(`/${id}/extend`, { months: 1, reason: 'igjen' })).status).toBe(409);
    const late = await t.newRequest('access', 'ola@example.no');
    t.advance(32 * DAY);
    const fresh = await t.signIn(AGENT);
    const res = await t.request(`/console/api/requests/${late.id}/extend`, { method: 'POST', body: { months: 1, reason: 'for sent' }, session: fresh });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: 'first_month_over' });
  });

  it('builds an access export with everything about the subject and nothing about anyone else, behind the requester token and an expiry', async () => {
    const t = await setup();
    const consentId = '0190f000-0000-7000-8000-00000000abcd';
    await t.store.appendConsentEvents([
      { site: SITE, event: cookieEvent(t.textHash, consentId), receivedAt: t.now(), source: 'browser' },
      { site: SITE, event: formEvent(t.textHash, { collection: { formId: 'nyhetsbrev', consentId, pageUrl: 'https://shop.example.no/k', clientTime: '2024-03-01T10:00:00Z', widgetVersion: '1' } }), receivedAt: t.now(), source: 'browser' },
      { site: SITE, event: formEvent(t.textHash, { subject: { email: 'ola@example.no' } }), receivedAt: t.now(), source: 'browser' },
    ]);
    await t.store.createConversation({ id: 'conv-kari', site: SITE, lang: 'nb', tokenHash: 'x', at: t.now() });
    await t.store.appendMessage('conv-kari', { id: crypto.randomUUID(), author: 'visitor', text: 'Hva lagrer dere om meg?', at: t.now() });
    await t.store.handOver('conv-kari', 'kari@example.no', t.now());
    await t.store.createConversation({ id: 'conv-ola', site: SITE, lang: 'nb', tokenHash: 'y', at: t.now() });
    await t.store.appendMessage('conv-ola', { id: crypto.randomUUID(), author: 'visitor', text: 'Ola sin hemmelighet', at: t.now() });
    await t.store.handOver('conv-ola', 'ola@example.no', t.now());
    await t.newRequest('erasure', 'ola@example.no');
    const { id, token } = await t.newRequest('access');

    expect((await t.post(`/${id}/export`, {})).status).toBe(200);
    expect((await t.post(`/${id}/status`, { to: 'completed' })).status).toBe(200);
    const download = (tok: string) => t.app.request(`/v1/requests/${id}/export`, { headers: { Authorization: `Bearer ${tok}` } });
    expect((await download('wrong')).status).toBe(404);
    const res = await download(token);
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.consents.map((c: { kind: string }) => c.kind)).toEqual(['cookie-choice', 'form-consent']);
    expect(body.consents[1].textShown).toContain('Ja takk');
    expect(body.chats[0].messages[0].text).toBe('Hva lagrer dere om meg?');
    expect(body.requests.map((r: { kind: string }) => r.kind)).toEqual(['access']);
    expect(text).not.toContain('ola@example.no');
    expect(text).not.toContain('Ola sin hemmelighet');
    expect((await t.events(id)).map((e) => e.type)).toEqual(expect.arrayContaining(['export-built', 'export-downloaded']));
    // Within its link's life the daily job keeps it; after, it empties it and the dates stay.
    const jobs = createDailyJobs({ store: t.store, clock: t.now, log: silentLogger });
    expect(await jobs.tick()).toMatchObject({ retention: JSON.stringify({ purged: 0, expired: 0, exportsCleared: 0 }) });
    expect((await t.store.getRequestExport(id))!.body).toContain('Hva lagrer dere om meg?');
    t.advance(15 * DAY);
    expect((await download(token)).status).toBe(410);
    expect(await jobs.tick()).toMatchObject({ retention: JSON.stringify({ purged: 0, expired: 0, exportsCleared: 1 }) });
    expect(await t.store.getRequestExport(id)).toMatchObject({ body: '', expiresAt: expect.any(String) });
    expect((await download(token)).status).toBe(410);
  });

  it('erases at once, then the daily job purges for good after 30 days while the chain still verifies', async () => {
    const t = await setup();
    await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash), receivedAt: t.now(), source: 'browser' }]);
    await t.store.createConversation({ id: 'conv-1', site: SITE, lang: 'nb', tokenHash: 'x', at: t.now() });
    await t.store.appendMessage('conv-1', { id: crypto.randomUUID(), author: 'visitor', text: 'Slett meg', at: t.now() });
    await t.store.handOver('conv-1', 'kari@example.no', t.now());
    const { id } = await t.newRequest('erasure');
    expect((await t.post(`/${id}/erase`, { reason: 'Art. 17' })).status).toBe(200);
    // Hidden everywhere at once.
    expect((await t.store.consentHistory('kari@example.no'))[0]).toMatchObject({ email: null, erased: true });
    const detail = await (await t.request(`/console/api/requests/${id}`, { session: t.session })).json();
    expect(detail.request.email).toBe('');
    expect(await t.store.marketingList(SITE)).toEqual([]);
    // The chat (name, phone, messages) is deleted at erasure, not kept readable for 30 days (issue 17).
    expect(await t.store.getConversation('conv-1')).toBeUndefined();

    const jobs = createDailyJobs({ store: t.store, clock: t.now, log: silentLogger });
    t.advance(29 * DAY);
    expect(await jobs.tick()).toMatchObject({ retention: JSON.stringify({ purged: 0, expired: 0, exportsCleared: 0 }) });
    expect(await t.store.getRightsRequest(id)).toMatchObject({ email: 'kari@example.no' });
    t.advance(1 * DAY + 60_000);
    expect(await jobs.tick()).toMatchObject({ retention: JSON.stringify({ purged: 1, expired: 0, exportsCleared: 0 }) });
    expect(await jobs.tick()).toEqual({});
    // Purged: the address, the chat and the request's personal fields are gone; the proof and its chain stay.
    expect((await t.store.subjectsByEmail('kari@example.no'))[0]).toMatchObject({ email: null, purgedAt: expect.any(String) });
    expect(await t.store.getConversation('conv-1')).toBeUndefined();
    expect(await t.store.getRightsRequest(id)).toMatchObject({ email: '', name: '', kind: 'erasure' });
    expect(await t.store.consentHistory('kari@example.no')).toHaveLength(1);
    expect((await t.store.verifyChain(SITE)).ok).toBe(true);
    expect((await t.events(id)).map((e) => e.type)).toContain('erased');
  });

  it('keeps the old address in the audit trail on rectification, and flags restriction where the subject appears', async () => {
    const t = await setup();
    await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash), receivedAt: t.now(), source: 'browser' }]);
    const r = await t.newRequest('rectification');
    expect((await t.post(`/${r.id}/rectify`, { email: 'kari.ny@example.no', reason: 'Ny adresse' })).status).toBe(200);
    expect((await t.events(r.id)).at(-1)).toMatchObject({ type: 'rectified', data: { old: 'kari@example.no', new: 'kari.ny@example.no' } });
    expect(await t.store.consentHistory('kari.ny@example.no')).toHaveLength(1);
    const q = await t.newRequest('restriction', 'kari.ny@example.no');
    expect((await t.post(`/${q.id}/flags`, { flag: 'restricted', on: true, reason: 'Art. 18' })).status).toBe(200);
    expect((await t.store.consentHistory('kari.ny@example.no'))[0]).toMatchObject({ restricted: true });
    expect(await t.store.marketingList(SITE)).toEqual([]);
  });

  it('expires requests nobody verified within a week', async () => {
    const t = await setup();
    const id = crypto.randomUUID();
    await t.store.createRightsRequest({ id, site: SITE, tokenHash: 'x', kind: 'access', lang: 'nb', name: 'K', email: 'k@example.no', details: {}, conversationId: null, receivedAt: t.now() });
    const jobs = createDailyJobs({ store: t.store, clock: t.now, log: silentLogger });
    t.advance(8 * DAY);
    await jobs.tick();
    expect((await t.store.getRightsRequest(id))?.status).toBe('expired');
    expect((await t.events(id)).at(-1)).toMatchObject({ type: 'status:expired', actor: 'system' });
  });
});
