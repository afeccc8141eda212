import { describe, expect, it } from 'vitest';
import { cookieEvent, formEvent, SITE, tempStore } from '../../../testing.ts';

const at = new Date('2024-03-02T12:00:00.000Z');

describe('console store', () => {
  it('keeps only a hash of the session token and finds the session by the token', async () => {
    const { store } = await tempStore();
    const account = await store.createAccount({ email: 'Dpo@Example.no', role: 'owner', passwordHash: 'x' });
    expect(account.email).toBe('dpo@example.no');
    const { token, csrfToken } = await store.createSession(account.id, at);
    expect(await store.findSession(token)).toMatchObject({ account: { id: account.id, role: 'owner' }, csrfToken });
    expect(await store.findSession(`${token}x`)).toBeUndefined();
    await store.deleteSession(token);
    expect(await store.findSession(token)).toBeUndefined();
  });

  it('ends every session of an account that is disabled', async () => {
    const { store } = await tempStore();
    const account = await store.createAccount({ email: 'a@example.no', role: 'agent', passwordHash: 'x' });
    const { token } = await store.createSession(account.id, at);
    await store.setAccountDisabled(account.id, true);
    expect(await store.findSession(token)).toBeUndefined();
  });

  it('searches by email, form, purpose and date, and shows a cookie choice linked through the consent id', async () => {
    const { store, textHash } = await tempStore();
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
  });

  it('gives a proof with its chain position and the previous hash', async () => {
    const { store, textHash } = await tempStore();
    const events = [formEvent(textHash), formEvent(textHash)];
    await store.appendConsentEvents(events.map((event) => ({ site: SITE, event, receivedAt: at, source: 'browser' as const })));
    const first = (await store.consentProof(events[0]!.id))!;
    const second = (await store.consentProof(events[1]!.id))!;
    expect(first.position).toBe(1);
    expect(second.position).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    expect(second.chainLength).toBe(2);
    expect(second.record.notice.text).toContain('Ja takk');
    expect(await store.chainHead(SITE)).toMatchObject({ count: 2, headHash: second.hash });
  });

  it('hides an erased subject at once and removes the address for good at purge, keeping the chain valid', async () => {
    const { store, textHash } = await tempStore();
    await store.appendConsentEvents([{ site: SITE, event: formEvent(textHash), receivedAt: at, source: 'browser' }]);
    const [subject] = await store.subjectsByEmail('kari@example.no');
    expect(await store.marketingList(SITE)).toEqual(['kari@example.no']);
    await store.eraseSubject(subject!.id, at, new Date('2024-04-01T12:00:00Z'));
    expect((await store.consentHistory('kari@example.no'))[0]).toMatchObject({ email: null, erased: true });
    expect((await store.findConsentsByEmail('kari@example.no'))[0]!.email).toBeNull();
    expect(await store.marketingList(SITE)).toEqual([]);
    expect(await store.subjectsDueForPurge(new Date('2024-03-31T12:00:00Z'))).toEqual([]);
    expect(await store.subjectsDueForPurge(new Date('2024-04-01T12:00:00Z'))).toEqual([subject!.id]);
    await store.purgeSubject(subject!.id, new Date('2024-04-01T12:00:00Z'));
    expect(await store.subjectsDueForPurge(new Date('2024-05-01T12:00:00Z'))).toEqual([]);
    expect((await store.verifyChain(SITE)).ok).toBe(true);
  });

  it('leaves restricted and objecting subjects out of the marketing list until the flag is lifted', async () => {
    const { store, textHash } = await tempStore();
    await store.appendConsentEvents([{ site: SITE, event: formEvent(textHash), receivedAt: at, source: 'browser' }]);
    const [subject] = await store.subjectsByEmail('kari@example.no');
    await store.setSubjectFlag(subject!.id, 'restricted', true, at);
    expect(await store.marketingList(SITE)).toEqual([]);
    await store.setSubjectFlag(subject!.id, 'restricted', false, at);
    await store.setSubjectFlag(subject!.id, 'objected', true, at);
    expect(await store.marketingList(SITE)).toEqual([]);
    await store.setSubjectFlag(subject!.id, 'objected', false, at);
    expect(await store.marketingList(SITE)).toEqual(['kari@example.no']);
  });

  it('keeps console audit entries with their detail', async () => {
    const { store } = await tempStore();
    await store.appendAudit({ at, accountId: null, action: 'test', target: 'x', detail: { a: 1 } });
    expect(await store.listAudit()).toMatchObject([{ action: 'test', target: 'x', detail: { a: 1 } }]);
  });

  it('runs a daily job once per day', async () => {
    const { store } = await tempStore();
    expect(await store.claimJobRun('digest', '2024-03-02', at)).toBe(true);
    expect(await store.claimJobRun('digest', '2024-03-02', at)).toBe(false);
    expect(await store.claimJobRun('digest', '2024-03-03', at)).toBe(true);
  });

  it('counts opt-ins per form and week, and cookie choices per category', async () => {
    const { store, textHash } = await tempStore();
    await store.appendConsentEvents([
      { site: SITE, event: formEvent(textHash), receivedAt: new Date('2024-03-06T10:00:00Z'), source: 'browser' },
      { site: SITE, event: formEvent(textHash, { purposes: [{ purpose: 'marketing-email', decision: 'declined' }] }), receivedAt: new Date('2024-03-07T10:00:00Z'), source: 'browser' },
      { site: SITE, event: cookieEvent(textHash, '0190f000-0000-7000-8000-000000000002'), receivedAt: at, source: 'browser' },
    ]);
    expect(await store.weeklyOptIns()).toEqual([{ formId: 'nyhetsbrev', week: '2024-03-04', granted: 1, declined: 1 }]);
    expect(await store.categoryChoices()).toEqual([
      { purpose: 'marketing', granted: 0, declined: 1, withdrawn: 0 },
      { purpose: 'statistics', granted: 1, declined: 0, withdrawn: 0 },
    ]);
  });
});
