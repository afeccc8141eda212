/*
 * The console's part of the Store on both backends. One file for the one interface (ConsoleStore),
 * hence its length; the cases that differ between SQL dialects (week starts, byte-order sorting,
 * text-compared instants, rounding, JSON arrays) and between instances (job claims, request moves)
 * are the ones added beyond the SQLite suite it replaces.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loginClaims, PAIR_POLICY } from '../services/login-throttle.ts';
import { cookieEvent, formEvent, SITE, siteSettings } from '../testing.ts';
import { sha256Hex } from '../util/crypto.ts';
import { backends } from './backends.testing.ts';
import { JOB_LEASE_MS } from './console-types.ts';

const at = new Date('2024-03-02T12:00:00.000Z');
const OTHER_SITE = 'pk_test_site02';

const rightsRequest = (id: string, kind: 'access' | 'erasure', receivedAt: Date, email = 'kari@example.no') => ({
  id,
  site: SITE,
  tokenHash: sha256Hex(`token-${id}`),
  kind,
  lang: 'nb' as const,
  name: 'Kari Nordmann',
  email,
  details: { note: 'hei' },
  conversationId: null,
  receivedAt,
});

describe.each(backends)('console store on $name', ({ open }) => {
  it('keeps only a hash of the session token and finds the session by the token', async () => {
    const { store } = await open();
    const account = await store.createAccount({ email: 'Dpo@Example.no', admin: true, passwordHash: 'x' });
    expect(account.email).toBe('dpo@example.no');
    const { token, csrfToken } = await store.createSession(account.id, at);
    expect(await store.findSession(token)).toMatchObject({ account: { id: account.id, admin: true, sites: [] }, csrfToken });
    expect(await store.findSession(`${token}x`)).toBeUndefined();
    await store.touchSession(token, new Date('2024-03-02T13:00:00.000Z'));
    expect(await store.findSession(token)).toMatchObject({ createdAt: at.toISOString(), lastSeenAt: '2024-03-02T13:00:00.000Z' });
    await store.deleteSession(token);
    expect(await store.findSession(token)).toBeUndefined();
  });

  it('ends every session of an account that is disabled, and lists accounts by email in byte order', async () => {
    const { store } = await open();
    const account = await store.createAccount({ email: 'a@example.no', passwordHash: 'x' });
    await store.createAccount({ email: '_b@example.no', admin: true, passwordHash: 'x' });
    await store.createAccount({ email: 'B@example.no', admin: true, passwordHash: 'x' });
    const { token } = await store.createSession(account.id, at);
    expect(await store.setAccountDisabled(account.id, true)).toBe(true);
    expect(await store.findSession(token)).toBeUndefined();
    expect((await store.listAccounts()).map((a) => [a.email, a.disabled])).toEqual([['_b@example.no', false], ['a@example.no', true], ['b@example.no', false]]);
    expect(await store.setAccountPassword('A@example.no ', 'y')).toBe(true);
    expect((await store.findAccountForLogin('a@example.no'))?.passwordHash).toBe('y');
  });

  it('claims sign-in attempts atomically: of 12 in parallel on two instances, exactly 5 pass the pair policy', async () => {
    const { store, reopen } = await open();
    const other = await reopen();
    const claims = loginClaims('dpo@example.no', '203.0.113.7');
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? other : store).claimLoginAttempt(claims, at)));
    expect(results.filter((r) => r.allowed)).toHaveLength(PAIR_POLICY.free);
    // Refused attempts count nothing: the pair holds exactly five, locked for the first 30 s.
    expect(await store.loginThrottle(claims[0]!.subject)).toEqual({ failures: 5, lastFailureAt: at.toISOString(), lockedUntil: new Date(at.getTime() + 30_000).toISOString() });
    expect((await store.loginThrottle(claims[1]!.subject))?.failures).toBe(5);
    expect(results.find((r) => !r.allowed)).toEqual({ allowed: false, waitMs: 30_000 });
    // Another address claims on the same account without waiting for the pair's lock.
    expect(await store.claimLoginAttempt(loginClaims('dpo@example.no', '198.51.100.9'), at)).toEqual({ allowed: true });
  });

  it('forgets a counter after a day, gives back a released attempt and lifts every lock on an account', async () => {
    const { store } = await open();
    const claims = loginClaims('dpo@example.no', '2001:db8:1:2::7');
    for (let i = 0; i < 5; i += 1) await store.claimLoginAttempt(claims, at);
    expect((await store.claimLoginAttempt(claims, at)).allowed).toBe(false);
    const later = new Date(at.getTime() + PAIR_POLICY.forgetMs + 1);
    expect(await store.claimLoginAttempt(claims, later)).toEqual({ allowed: true });
    expect(await store.loginThrottle(claims[0]!.subject)).toEqual({ failures: 1, lastFailureAt: later.toISOString(), lockedUntil: null });
    await store.releaseLoginAttempt(claims[2]!);
    expect((await store.loginThrottle(claims[2]!.subject))?.failures).toBe(0);
    // Another address in the same /64 is the same pair.
    for (let i = 0; i < 4; i += 1) await store.claimLoginAttempt(loginClaims('dpo@example.no', '2001:db8:1:2:aaaa::1'), later);
    expect((await store.claimLoginAttempt(claims, later)).allowed).toBe(false);
    await store.claimLoginAttempt(loginClaims('dpo@example.no', '198.51.100.9'), later);
    await store.claimLoginAttempt(loginClaims('annen@example.no', '198.51.100.9'), later);
    // Pair, account and the other pair go; another account's and the address's counters stay.
    expect(await store.clearAccountLocks('DPO@example.no')).toBe(3);
    expect(await store.claimLoginAttempt(claims, later)).toEqual({ allowed: true });
    expect((await store.loginThrottle(loginClaims('annen@example.no', '198.51.100.9')[0]!.subject))?.failures).toBe(1);
    await store.clearLoginFailures(claims[0]!.subject);
    expect(await store.loginThrottle(claims[0]!.subject)).toBeUndefined();
  });

  it('searches by email, form, purpose and date, and shows a cookie choice linked through the consent id', async () => {
    const { store, textHash } = await open();
    const consentId = '0190f000-0000-7000-8000-000000000001';
    await store.appendConsentEvents([
      { site: SITE, event: cookieEvent(textHash, consentId), receivedAt: new Date('2024-03-01T09:00:00Z'), source: 'browser' },
      { site: SITE, event: formEvent(textHash, { collection: { formId: 'nyhetsbrev', consentId, pageUrl: 'https://shop.example.no/k', clientTime: '2024-03-01T10:00:00Z', widgetVersion: '1' } }), receivedAt: new Date('2024-03-01T10:00:00Z'), source: 'browser' },
      { site: SITE, event: formEvent(textHash, { subject: { email: 'ola@example.no' }, collection: { formId: 'webinar', pageUrl: 'https://shop.example.no/w', clientTime: '2024-03-05T10:00:00Z', widgetVersion: '1' } }), receivedAt: new Date('2024-03-05T10:00:00Z'), source: 'browser' },
    ]);
    expect((await store.consentHistory('KARI@example.no')).map((r) => r.kind)).toEqual(['cookie-choice', 'form-consent']);
    expect((await store.consentHistory('kari@example.no'))[0]!.email).toBe('kari@example.no');
    expect((await store.searchConsents({ formId: 'webinar' })).map((r) => r.email)).toEqual(['ola@example.no']);
    expect(await store.searchConsents({ purpose: 'statistics' })).toHaveLength(1);
    expect(await store.searchConsents({ from: '2024-03-02T00:00:00Z' })).toHaveLength(1);
    expect(await store.searchConsents({ to: '2024-03-02T00:00:00Z' })).toHaveLength(2);
    // An instant without milliseconds sorts before the same instant with them, as text does.
    expect(await store.searchConsents({ from: '2024-03-01T10:00:00Z' })).toHaveLength(1);
    const newest = await store.searchConsents({ limit: 2 });
    expect(newest.map((r) => r.kind)).toEqual(['form-consent', 'form-consent']);
    expect((await store.searchConsents({ beforeSeq: newest[1]!.seq })).map((r) => r.kind)).toEqual(['cookie-choice']);
    expect((await store.exportConsents({ kind: 'form-consent' })).map((r) => r.formId)).toEqual(['nyhetsbrev', 'webinar']);
  });

  it('gives a proof with its chain position and the previous hash', async () => {
    const { store, textHash } = await open();
    expect(await store.chainHead(SITE)).toEqual({ site: SITE, count: 0, headSeq: null, headHash: '0'.repeat(64) });
    const events = [formEvent(textHash), formEvent(textHash)];
    await store.appendConsentEvents(events.map((event) => ({ site: SITE, event, receivedAt: at, source: 'browser' as const })));
    const first = (await store.consentProof(events[0]!.id))!;
    const second = (await store.consentProof(events[1]!.id))!;
    expect(first.position).toBe(1);
    expect(second.position).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    expect(second.chainLength).toBe(2);
    expect(second.record.notice.text).toContain('Ja takk');
    expect(await store.chainHead(SITE)).toEqual({ site: SITE, count: 2, headSeq: second.record.seq, headHash: second.hash });
    expect(await store.consentProof('no-such-event')).toBeUndefined();
  });

  it('hides an erased subject at once and removes the address for good at purge, keeping the chain valid', async () => {
    const { store, textHash } = await open();
    await store.appendConsentEvents([{ site: SITE, event: formEvent(textHash), receivedAt: at, source: 'browser' }]);
    const [subject] = await store.subjectsByEmail('kari@example.no');
    expect(await store.marketingList(SITE)).toEqual(['kari@example.no']);
    expect(await store.eraseSubject(subject!.id, at, new Date('2024-04-01T12:00:00Z'))).toBe(true);
    // A second erasure changes nothing: the purge date stays the first one.
    expect(await store.eraseSubject(subject!.id, at, new Date('2024-06-01T12:00:00Z'))).toBe(false);
    expect((await store.consentHistory('kari@example.no'))[0]).toMatchObject({ email: null, erased: true });
    expect((await store.findConsentsByEmail('kari@example.no'))[0]!.email).toBeNull();
    expect((await store.subjectsByEmail('kari@example.no'))[0]).toMatchObject({ email: null, purgeAfter: '2024-04-01T12:00:00.000Z', purgedAt: null });
    expect(await store.marketingList(SITE)).toEqual([]);
    expect(await store.subjectsDueForPurge(new Date('2024-04-01T11:59:59.999Z'))).toEqual([]);
    expect(await store.subjectsDueForPurge(new Date('2024-04-01T12:00:00Z'))).toEqual([subject!.id]);
    await store.purgeSubject(subject!.id, new Date('2024-04-01T12:00:00Z'));
    expect(await store.subjectsDueForPurge(new Date('2024-05-01T12:00:00Z'))).toEqual([]);
    expect((await store.subjectsByEmail('kari@example.no'))[0]).toMatchObject({ email: null, purgedAt: '2024-04-01T12:00:00.000Z' });
    expect((await store.verifyChain(SITE)).ok).toBe(true);
  });

  it('purges the personal fields of the subject’s requests and exports, keeping the request and its trail', async () => {
    const { store } = await open();
    const id = await store.ensureSubject(SITE, 'Kari@Example.no', at);
    expect(await store.ensureSubject(SITE, 'kari@example.no', at)).toBe(id);
    await store.createRightsRequest(rightsRequest('req-1', 'access', at));
    await store.putRequestExport('req-1', '{"records":[]}', at, new Date('2024-03-09T12:00:00Z'));
    expect(await store.getRequestExport('req-1')).toEqual({ body: '{"records":[]}', createdAt: at.toISOString(), expiresAt: '2024-03-09T12:00:00.000Z' });
    expect((await store.requestsByEmail('kari@example.no', SITE)).map((r) => r.id)).toEqual(['req-1']);
    // Corrections hold the person's old and new values: gone at the purge, while the step itself stays.
    await store.appendRequestEvent('req-1', 'corrected', 'staff:dpo@example.no', at, { corrections: [{ field: 'Adresse', old: 'Storgata 1', new: 'Storgata 10' }] });
    await store.appendRequestEvent('req-1', 'status:in-progress', 'staff:dpo@example.no', at, { from: 'verified' });
    await store.eraseSubject(id, at, at);
    await store.purgeSubject(id, at);
    expect(await store.getRightsRequest('req-1')).toMatchObject({ name: '', email: '', details: {}, kind: 'access' });
    expect(await store.getRequestExport('req-1')).toBeUndefined();
    expect(await store.requestsByEmail('kari@example.no', SITE)).toEqual([]);
    expect((await store.requestEvents('req-1')).map((e) => [e.type, e.data])).toEqual([
      ['received', { kind: 'access' }],
      ['corrected', null],
      ['status:in-progress', { from: 'verified' }],
    ]);
  });

  it('leaves restricted and objecting subjects out of the marketing list until the flag is lifted', async () => {
    const { store, textHash } = await open();
    await store.appendConsentEvents([{ site: SITE, event: formEvent(textHash), receivedAt: at, source: 'browser' }]);
    const [subject] = await store.subjectsByEmail('kari@example.no');
    await store.setSubjectFlag(subject!.id, 'restricted', true, at);
    expect(await store.marketingList(SITE)).toEqual([]);
    await store.setSubjectFlag(subject!.id, 'restricted', false, at);
    await store.setSubjectFlag(subject!.id, 'objected', true, at);
    expect((await store.subjectsByEmail('kari@example.no'))[0]).toMatchObject({ restrictedAt: null, objectedAt: at.toISOString() });
    expect(await store.marketingList(SITE)).toEqual([]);
    await store.setSubjectFlag(subject!.id, 'objected', false, at);
    expect(await store.marketingList(SITE)).toEqual(['kari@example.no']);
  });

  it('takes the latest marketing decision: a withdrawal and an erasure both leave the list', async () => {
    const { store, textHash } = await open();
    const send = (email: string, decision: 'granted' | 'withdrawn', receivedAt: Date) =>
      store.appendConsentEvents([{ site: SITE, event: formEvent(textHash, { subject: { email }, purposes: [{ purpose: 'marketing-email', decision }] }), receivedAt, source: 'browser' }]);
    await send('kari@example.no', 'granted', new Date('2024-03-01T10:00:00Z'));
    await send('ola@example.no', 'granted', new Date('2024-03-01T11:00:00Z'));
    await send('per@example.no', 'granted', new Date('2024-03-01T12:00:00Z'));
    await send('kari@example.no', 'withdrawn', new Date('2024-03-02T10:00:00Z'));
    expect(await store.marketingList(SITE)).toEqual(['ola@example.no', 'per@example.no']);
    const [per] = await store.subjectsByEmail('per@example.no');
    await store.eraseSubject(per!.id, at, new Date('2024-04-01T12:00:00Z'));
    expect(await store.marketingList(SITE)).toEqual(['ola@example.no']);
    await send('kari@example.no', 'granted', new Date('2024-03-03T10:00:00Z'));
    expect(await store.marketingList(SITE)).toEqual(['kari@example.no', 'ola@example.no']);
  });

  it('moves the address and its hash together when it is rectified', async () => {
    const { store, textHash } = await open();
    await store.appendConsentEvents([{ site: SITE, event: formEvent(textHash), receivedAt: at, source: 'browser' }]);
    const [subject] = await store.subjectsByEmail('kari@example.no');
    expect(await store.rectifySubjectEmail(subject!.id, ' Kari.N@example.no')).toEqual({ old: 'kari@example.no' });
    expect(await store.subjectsByEmail('kari@example.no')).toEqual([]);
    expect((await store.consentHistory('kari.n@example.no')).map((r) => r.email)).toEqual(['kari.n@example.no']);
    expect(await store.rectifySubjectEmail(999_999, 'x@example.no')).toBeUndefined();
  });

  it('keeps console audit entries with their detail, newest first, filtered by target', async () => {
    const { store } = await open();
    const account = await store.createAccount({ email: 'dpo@example.no', admin: true, passwordHash: 'x' });
    await store.appendAudit({ at, accountId: null, action: 'test', target: 'x', detail: { a: 1 } });
    await store.appendAudit({ at, accountId: account.id, action: 'login' });
    expect(await store.listAudit()).toMatchObject([
      { action: 'login', target: null, accountEmail: 'dpo@example.no', detail: {} },
      { action: 'test', target: 'x', accountEmail: null, detail: { a: 1 } },
    ]);
    expect((await store.listAudit({ target: 'x' })).map((e) => e.action)).toEqual(['test']);
    expect(await store.listAudit({ limit: 1 })).toHaveLength(1);
  });

  it('keeps the console settings of each site', async () => {
    const { store } = await open();
    expect(await store.consoleSiteSettings(SITE)).toEqual({ site: SITE, digestEmail: null, digestWebhook: null });
    await store.setConsoleSiteSettings({ site: SITE, digestEmail: 'dpo@example.no', digestWebhook: null }, at);
    await store.setConsoleSiteSettings({ site: SITE, digestEmail: 'dpo@example.no', digestWebhook: 'https://hooks.example.no/x' }, at);
    expect(await store.consoleSiteSettings(SITE)).toEqual({ site: SITE, digestEmail: 'dpo@example.no', digestWebhook: 'https://hooks.example.no/x' });
  });

  it('runs a daily job once per day', async () => {
    const { store } = await open();
    expect(await store.claimJobRun('digest', '2024-03-02', at)).toBe(true);
    expect(await store.claimJobRun('digest', '2024-03-02', at)).toBe(false);
    expect(await store.claimJobRun('digest', '2024-03-03', at)).toBe(true);
    await store.finishJobRun('digest', '2024-03-02', 'ok');
  });

  it('empties exports whose link has expired and keeps their dates, leaving current ones whole', async () => {
    const { store } = await open();
    await store.createRightsRequest(rightsRequest('req-old', 'access', at));
    await store.createRightsRequest(rightsRequest('req-new', 'access', at));
    const day = 24 * 60 * 60_000;
    await store.putRequestExport('req-old', '{"who":"kari"}', at, new Date(at.getTime() + 14 * day));
    await store.putRequestExport('req-new', '{"who":"ola"}', new Date(at.getTime() + 10 * day), new Date(at.getTime() + 24 * day));
    const later = new Date(at.getTime() + 14 * day);
    expect(await store.clearExpiredExports(new Date(later.getTime() - 1))).toBe(0);
    expect(await store.clearExpiredExports(later)).toBe(1);
    expect(await store.getRequestExport('req-old')).toEqual({ body: '', createdAt: at.toISOString(), expiresAt: later.toISOString() });
    expect((await store.getRequestExport('req-new'))?.body).toBe('{"who":"ola"}');
    expect(await store.clearExpiredExports(later)).toBe(0);
  });

  it('lets a run left unfinished past the lease be claimed again, once, and never a finished one', async () => {
    const { store, reopen } = await open();
    const other = await reopen();
    expect(await store.claimJobRun('purge', '2024-03-02', at)).toBe(true);
    expect(await store.claimJobRun('chain-digest', '2024-03-02', at)).toBe(true);
    await store.finishJobRun('chain-digest', '2024-03-02', 'ok');
    // The first instance died mid-purge. Within the lease the run still belongs to it.
    const almost = new Date(at.getTime() + JOB_LEASE_MS - 1000);
    expect(await other.claimJobRun('purge', '2024-03-02', almost)).toBe(false);
    const past = new Date(at.getTime() + JOB_LEASE_MS + 1000);
    const claims = await Promise.all([store.claimJobRun('purge', '2024-03-02', past), other.claimJobRun('purge', '2024-03-02', past)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    // The take-over renewed the lease: nobody else takes it until that one is stale too.
    expect(await other.claimJobRun('purge', '2024-03-02', new Date(past.getTime() + 1000))).toBe(false);
    expect(await other.claimJobRun('chain-digest', '2024-03-02', past)).toBe(false);
  });

  it('gives each daily run to exactly one of two instances claiming it at once', async () => {
    const { store, reopen } = await open();
    const other = await reopen();
    const days = Array.from({ length: 20 }, (_, i) => `2024-04-${String(i + 1).padStart(2, '0')}`);
    const claims = await Promise.all(days.flatMap((day) => [store.claimJobRun('purge', day, at), other.claimJobRun('purge', day, at)]));
    for (let i = 0; i < days.length; i++) expect([claims[2 * i], claims[2 * i + 1]].filter(Boolean)).toHaveLength(1);
  });

  it('moves a request once when two instances move it at once, with one audit event', async () => {
    const { store, reopen } = await open();
    const other = await reopen();
    await store.createRightsRequest(rightsRequest('req-1', 'erasure', at));
    const later = new Date('2024-03-03T12:00:00Z');
    const results = await Promise.all([
      store.transitionRequest('req-1', ['awaiting-verification', 'verified'], 'rejected', later, 'staff:1', { why: 'a' }),
      other.transitionRequest('req-1', ['awaiting-verification', 'verified'], 'rejected', later, 'staff:2', { why: 'b' }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(results.find(Boolean)).toMatchObject({ id: 'req-1', status: 'rejected', email: 'kari@example.no' });
    expect((await store.requestEvents('req-1')).map((e) => e.type)).toEqual(['received', 'status:rejected']);
    expect(await store.transitionRequest('req-1', ['verified'], 'completed', later, 'staff:1', {})).toBeUndefined();
    expect(await store.extendRequest('req-1', new Date('2024-05-01T00:00:00Z'), later, 'staff:1', {})).toBe(true);
    expect(await store.extendRequest('req-1', new Date('2024-06-01T00:00:00Z'), later, 'staff:1', {})).toBe(false);
    expect(await store.requestExtendedAt('req-1')).toBe(later.toISOString());
    expect((await store.getRightsRequest('req-1'))?.dueAt).toBe('2024-05-01T00:00:00.000Z');
  });

  it('expires requests left unverified, once, and lists a person’s requests newest first', async () => {
    const { store } = await open();
    await store.createRightsRequest(rightsRequest('req-old', 'access', new Date('2024-03-01T00:00:00Z')));
    await store.createRightsRequest(rightsRequest('req-new', 'erasure', new Date('2024-03-02T00:00:00Z')));
    await store.createRightsRequest(rightsRequest('req-ola', 'access', new Date('2024-03-01T00:00:00Z'), 'ola@example.no'));
    expect((await store.requestsByEmail('KARI@example.no', SITE)).map((r) => r.id)).toEqual(['req-new', 'req-old']);
    expect(await store.expireUnverifiedRequests(new Date('2024-03-01T12:00:00Z'), at)).toBe(2);
    expect(await store.expireUnverifiedRequests(new Date('2024-03-01T12:00:00Z'), at)).toBe(0);
    expect((await store.getRightsRequest('req-old'))?.status).toBe('expired');
    expect((await store.getRightsRequest('req-new'))?.status).toBe('awaiting-verification');
    expect((await store.requestEvents('req-old')).at(-1)).toMatchObject({ type: 'status:expired', actor: 'system', data: { reason: 'not verified in time' } });
  });

  it('shows the chats a person started or asked from, with their messages opened', async () => {
    const { store } = await open();
    await store.createConversation({ id: 'conv-1', site: SITE, lang: 'nb', tokenHash: 'x', at });
    await store.appendMessage('conv-1', { id: 'm1', author: 'visitor', text: 'Hei, slett meg', at });
    await store.createConversation({ id: 'conv-2', site: SITE, lang: 'nb', tokenHash: 'y', at });
    await store.createRightsRequest({ ...rightsRequest('req-1', 'erasure', at), conversationId: 'conv-1' });
    const chats = await store.subjectChats('kari@example.no', SITE);
    expect(chats.map((c) => [c.conversation.id, c.conversation.messageCount])).toEqual([['conv-1', 1]]);
    expect(chats[0]!.messages).toMatchObject([{ seq: 1, author: 'visitor', text: 'Hei, slett meg' }]);
    expect(await store.subjectChats('ola@example.no', SITE)).toEqual([]);
  });

  it('counts opt-ins per form and week, a Sunday in the week before, forms in byte order', async () => {
    const { store, textHash } = await open();
    await store.upsertSite(siteSettings({ key: OTHER_SITE }));
    const form = (formId: string | undefined, decision: 'granted' | 'declined', receivedAt: string, site = SITE) => ({
      site,
      event: formEvent(textHash, {
        purposes: [{ purpose: 'marketing-email', decision }, { purpose: 'followup', decision: 'granted' }],
        collection: { ...(formId ? { formId } : {}), pageUrl: 'https://shop.example.no/k', clientTime: receivedAt, widgetVersion: '1' },
      }),
      receivedAt: new Date(receivedAt),
      source: 'browser' as const,
    });
    await store.appendConsentEvents([
      form('nyhetsbrev', 'granted', '2024-03-04T00:00:00.000Z'), // Monday: first moment of the week
      form('nyhetsbrev', 'declined', '2024-03-10T23:59:59.999Z'), // Sunday: still that week
      form('nyhetsbrev', 'granted', '2024-03-11T00:00:00.000Z'), // Monday: the next week
      form('Webinar', 'granted', '2024-03-09T12:00:00.000Z'),
      form(undefined, 'declined', '2024-03-09T12:00:00.000Z'),
      form('nyhetsbrev', 'granted', '2024-12-30T10:00:00.000Z'), // ISO week 1 of 2025 starts on 2024-12-30
      form('nyhetsbrev', 'granted', '2025-01-05T10:00:00.000Z'),
      form('nyhetsbrev', 'granted', '2024-03-05T10:00:00.000Z', OTHER_SITE),
    ]);
    expect(await store.weeklyOptIns(SITE)).toEqual([
      { formId: '-', week: '2024-03-04', granted: 0, declined: 1 },
      { formId: 'Webinar', week: '2024-03-04', granted: 1, declined: 0 },
      { formId: 'nyhetsbrev', week: '2024-03-04', granted: 1, declined: 1 },
      { formId: 'nyhetsbrev', week: '2024-03-11', granted: 1, declined: 0 },
      { formId: 'nyhetsbrev', week: '2024-12-30', granted: 2, declined: 0 },
    ]);
    expect((await store.weeklyOptIns()).find((w) => w.week === '2024-03-04' && w.formId === 'nyhetsbrev')).toEqual({ formId: 'nyhetsbrev', week: '2024-03-04', granted: 2, declined: 1 });
    expect(await store.weeklyOptIns(OTHER_SITE)).toEqual([{ formId: 'nyhetsbrev', week: '2024-03-04', granted: 1, declined: 0 }]);
  });

  it('counts cookie choices per category, with withdrawals, per site', async () => {
    const { store, textHash } = await open();
    await store.upsertSite(siteSettings({ key: OTHER_SITE }));
    const choice = (purposes: { purpose: 'statistics' | 'marketing' | 'necessary'; decision: 'granted' | 'declined' | 'withdrawn' }[], site = SITE) => ({
      site,
      event: cookieEvent(textHash, `0190f000-0000-7000-8000-${randomBytes(6).toString('hex')}`, { purposes }),
      receivedAt: at,
      source: 'browser' as const,
    });
    await store.appendConsentEvents([
      choice([{ purpose: 'statistics', decision: 'granted' }, { purpose: 'marketing', decision: 'declined' }]),
      choice([{ purpose: 'statistics', decision: 'withdrawn' }, { purpose: 'necessary', decision: 'granted' }]),
      choice([{ purpose: 'statistics', decision: 'granted' }]),
      choice([{ purpose: 'statistics', decision: 'declined' }], OTHER_SITE),
      formEvent(textHash, { purposes: [{ purpose: 'statistics', decision: 'granted' }] }),
    ].map((x) => ('site' in x ? x : { site: SITE, event: x, receivedAt: at, source: 'browser' as const })));
    expect(await store.categoryChoices(SITE)).toEqual([
      { purpose: 'marketing', granted: 0, declined: 1, withdrawn: 0 },
      { purpose: 'necessary', granted: 1, declined: 0, withdrawn: 0 },
      { purpose: 'statistics', granted: 2, declined: 0, withdrawn: 1 },
    ]);
    expect((await store.categoryChoices()).find((c) => c.purpose === 'statistics')).toEqual({ purpose: 'statistics', granted: 2, declined: 1, withdrawn: 1 });
  });

  it('counts requests per kind with the mean days to completion, rounded to one decimal', async () => {
    const { store } = await open();
    expect(await store.requestStats()).toEqual([]);
    const day = (d: string) => new Date(`2024-03-${d}Z`);
    await store.createRightsRequest(rightsRequest('a1', 'access', day('01T00:00:00.000')));
    await store.createRightsRequest(rightsRequest('a2', 'access', day('01T00:00:00.000')));
    await store.createRightsRequest(rightsRequest('a3', 'access', day('01T00:00:00.000')));
    await store.createRightsRequest(rightsRequest('e1', 'erasure', day('02T00:00:00.000')));
    await store.transitionRequest('a1', ['awaiting-verification'], 'completed', day('03T12:00:00.000'), 'staff', {});
    await store.transitionRequest('a2', ['awaiting-verification'], 'completed', day('02T00:00:00.000'), 'staff', {});
    expect(await store.requestStats(SITE)).toEqual([
      // (2.5 + 1) / 2 = 1.75, rounded half away from zero
      { kind: 'access', total: 3, completed: 2, meanDaysToComplete: 1.8 },
      { kind: 'erasure', total: 1, completed: 0, meanDaysToComplete: null },
    ]);
    expect(await store.requestStats(OTHER_SITE)).toEqual([]);
  });
});
