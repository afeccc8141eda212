import { describe, expect, it } from 'vitest';
import { cookieEvent, formEvent, SITE, tempStore } from '../../../testing.ts';

const at = new Date('2024-03-02T12:00:00.000Z');

describe('console store', () => {
  it('keeps only a hash of the session token and finds the session by the token', () => {
    const { store } = tempStore();
    const account = store.createAccount({ email: 'Dpo@Example.no', role: 'owner', passwordHash: 'x' });
    expect(account.email).toBe('dpo@example.no');
    const { token, csrfToken } = store.createSession(account.id, at);
    expect(store.findSession(token)).toMatchObject({ account: { id: account.id, role: 'owner' }, csrfToken });
    expect(store.findSession(`${token}x`)).toBeUndefined();
    store.deleteSession(token);
    expect(store.findSession(token)).toBeUndefined();
  });

  it('ends every session of an account that is disabled', () => {
    const { store } = tempStore();
    const account = store.createAccount({ email: 'a@example.no', role: 'agent', passwordHash: 'x' });
    const { token } = store.createSession(account.id, at);
    store.setAccountDisabled(account.id, true);
    expect(store.findSession(token)).toBeUndefined();
  });

  it('searches by email, form, purpose and date, and shows a cookie choice linked through the consent id', async () => {
    const { store, textHash } = tempStore();
    const consentId = '0190f000-0000-7000-8000-000000000001';
    await store.appendConsentEvents([
      { site: SITE, event: cookieEvent(textHash, consentId), receivedAt: new Date('2024-03-01T09:00:00Z'), source: 'browser' },
      { site: SITE, event: formEvent(textHash, { collection: { formId: 'nyhetsbrev', consentId, pageUrl: 'https://shop.example.no/k', clientTime: '2024-03-01T10:00:00Z', widgetVersion: '1' } }), receivedAt: new Date('2024-03-01T10:00:00Z'), source: 'browser' },
      { site: SITE, event: formEvent(textHash, { subject: { email: 'ola@example.no' }, collection: { formId: 'webinar', pageUrl: 'https://shop.example.no/w', clientTime: '2024-03-05T10:00:00Z', widgetVersion: '1' } }), receivedAt: new Date('2024-03-05T10:00:00Z'), source: 'browser' },
    ]);
    expect(store.consentHistory('KARI@example.no').map((r) => r.kind)).toEqual(['cookie-choice', 'form-consent']);
    expect(store.consentHistory('kari@example.no')[0]!.email).toBe('kari@example.no');
    expect(store.searchConsents({ formId: 'webinar' }).map((r) => r.email)).toEqual(['ola@example.no']);
    expect(store.searchConsents({ purpose: 'statistics' })).toHaveLength(1);
    expect(store.searchConsents({ from: '2024-03-02T00:00:00Z' })).toHaveLength(1);
    expect(store.searchConsents({ to: '2024-03-02T00:00:00Z' })).toHaveLength(2);
  });

  it('gives a proof with its chain position and the previous hash', async () => {
    const { store, textHash } = tempStore();
    const events = [formEvent(textHash), formEvent(textHash)];
    await store.appendConsentEvents(events.map((event) => ({ site: SITE, event, receivedAt: at, source: 'browser' as const })));
    const first = store.consentProof(events[0]!.id)!;
    const second = store.consentProof(events[1]!.id)!;
    expect(first.position).toBe(1);
    expect(second.position).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    expect(second.chainLength).toBe(2);
    expect(second.record.notice.text).toContain('Ja takk');
    expect(store.chainHead(SITE)).toMatchObject({ count: 2, headHash: second.hash });
  });

  it('hides an erased subject at once and removes the address for good at purge, keeping the chain valid', async () => {
    const { store, textHash } = tempStore();
    await store.appendConsentEvents([{ site: SITE, event: formEvent(textHash), receivedAt: at, source: 'browser' }]);
    const [subject] = store.subjectsByEmail('kari@example.no');
    expect(store.marketingList(SITE)).toEqual(['kari@example.no']);
    store.eraseSubject(subject!.id, at, new Date('2024-04-01T12:00:00Z'));
    expect(store.consentHistory('kari@example.no')[0]).toMatchObject({ email: null, erased: true });
    expect(store.findConsentsByEmail('kari@example.no')[0]!.email).toBeNull();
    expect(store.marketingList(SITE)).toEqual([]);
    expect(store.subjectsDueForPurge(new Date('2024-03-31T12:00:00Z'))).toEqual([]);
    expect(store.subjectsDueForPurge(new Date('2024-04-01T12:00:00Z'))).toEqual([subject!.id]);
    store.purgeSubject(subject!.id, new Date('2024-04-01T12:00:00Z'));
    expect(store.subjectsDueForPurge(new Date('2024-05-01T12:00:00Z'))).toEqual([]);
    expect(store.verifyChain(SITE).ok).toBe(true);
  });

  it('leaves restricted and objecting subjects out of the marketing list until the flag is lifted', async () => {
    const { store, textHash } = tempStore();
    await store.appendConsentEvents([{ site: SITE, event: formEvent(textHash), receivedAt: at, source: 'browser' }]);
    const [subject] = store.subjectsByEmail('kari@example.no');
    store.setSubjectFlag(subject!.id, 'restricted', true, at);
    expect(store.marketingList(SITE)).toEqual([]);
    store.setSubjectFlag(subject!.id, 'restricted', false, at);
    store.setSubjectFlag(subject!.id, 'objected', true, at);
    expect(store.marketingList(SITE)).toEqual([]);
    store.setSubjectFlag(subject!.id, 'objected', false, at);
    expect(store.marketingList(SITE)).toEqual(['kari@example.no']);
  });

  it('keeps console audit entries with their detail', () => {
    const { store } = tempStore();
    store.appendAudit({ at, accountId: null, action: 'test', target: 'x', detail: { a: 1 } });
    expect(store.listAudit()).toMatchObject([{ action: 'test', target: 'x', detail: { a: 1 } }]);
  });

  it('runs a daily job once per day', () => {
    const { store } = tempStore();
    expect(store.claimJobRun('digest', '2024-03-02', at)).toBe(true);
    expect(store.claimJobRun('digest', '2024-03-02', at)).toBe(false);
    expect(store.claimJobRun('digest', '2024-03-03', at)).toBe(true);
  });

  it('counts opt-ins per form and week, and cookie choices per category', async () => {
    const { store, textHash } = tempStore();
    await store.appendConsentEvents([
      { site: SITE, event: formEvent(textHash), receivedAt: new Date('2024-03-06T10:00:00Z'), source: 'browser' },
      { site: SITE, event: formEvent(textHash, { purposes: [{ purpose: 'marketing-email', decision: 'declined' }] }), receivedAt: new Date('2024-03-07T10:00:00Z'), source: 'browser' },
      { site: SITE, event: cookieEvent(textHash, '0190f000-0000-7000-8000-000000000002'), receivedAt: at, source: 'browser' },
    ]);
    expect(store.weeklyOptIns()).toEqual([{ formId: 'nyhetsbrev', week: '2024-03-04', granted: 1, declined: 1 }]);
    expect(store.categoryChoices()).toEqual([
      { purpose: 'marketing', granted: 0, declined: 1, withdrawn: 0 },
      { purpose: 'statistics', granted: 1, declined: 0, withdrawn: 0 },
    ]);
  });
});
