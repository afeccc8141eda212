import { describe, expect, it } from 'vitest';
import { SITE, siteSettings } from '../testing.ts';
import { backends } from './backends.testing.ts';
import type { Store } from './types.ts';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const answer = { sectionId: 's1', title: 'Lagring', excerpt: 'Vi lagrer i 3 år.', url: 'https://shop.example.no/personvern#s1', score: 0.8 };

describe.each(backends)('$name chat and rights store', (backend) => {
  async function setup() {
    const { store, query } = await backend.open();
    return { store, query, addSite: async (key: string) => void (await store.upsertSite(siteSettings({ key }))) };
  }
  const conversation = async (store: Store, id = 'c1', at = t0, site = SITE) => {
    await store.createConversation({ id, site, lang: 'nb', tokenHash: `th-${id}`, at });
    return id;
  };
  const request = async (store: Store, id = 'r1', over: { site?: string; receivedAt?: Date } = {}) => {
    await store.createRightsRequest({
      id,
      site: over.site ?? SITE,
      tokenHash: `th-${id}`,
      kind: 'access',
      lang: 'nb',
      name: 'Kari Nordmann',
      email: 'Kari@Example.no',
      details: { message: 'Hva har dere om meg?' },
      conversationId: null,
      receivedAt: over.receivedAt ?? t0,
    });
    return id;
  };

  describe('chat', () => {
    it('numbers messages 1, 2, 3 per conversation and returns them in order after a seq', async () => {
      const { store } = await setup();
      await conversation(store, 'c1');
      await conversation(store, 'c2');
      const a = await store.appendMessage('c1', { id: 'm1', author: 'visitor', text: 'Hei', at: later(1000) });
      await store.appendMessage('c2', { id: 'x1', author: 'visitor', text: 'Annen', at: later(1500) });
      const b = await store.appendMessage('c1', { id: 'm2', author: 'bot', text: 'Svar', answers: [answer], replyTo: 'm1', at: later(2000) });
      const c = await store.appendMessage('c1', { id: 'm3', author: 'staff', text: 'Hilsen DPO', at: later(3000) });
      expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
      expect(a).toEqual({ id: 'm1', seq: 1, author: 'visitor', text: 'Hei', at: later(1000).toISOString() });
      expect(b.answers).toEqual([answer]);

      expect(await store.messagesAfter('c1', 0)).toEqual([a, b, c]);
      expect(await store.messagesAfter('c1', 1)).toEqual([b, c]);
      expect(await store.messagesAfter('c1', 0, 2)).toEqual([a, b]);
      expect(await store.messagesAfter('c1', 3)).toEqual([]);
      expect(await store.messagesAfter('c1', 1e12)).toEqual([]);
      expect(await store.messagesAfter('c1', 1.5)).toEqual([b, c]);
      expect((await store.messagesAfter('c2', 0)).map((m) => m.seq)).toEqual([1]);
      expect((await store.getConversation('c1'))?.lastActivityAt).toBe(later(3000).toISOString());
    });

    it('finds a message by id with its to-person flag, and the bot reply to a visitor message', async () => {
      const { store } = await setup();
      await conversation(store);
      await store.appendMessage('c1', { id: 'm1', author: 'visitor', text: 'Hei', at: t0 });
      await store.appendMessage('c1', { id: 'm2', author: 'visitor', text: 'Til et menneske', toPerson: true, at: t0 });
      const reply = await store.appendMessage('c1', { id: 'b1', author: 'bot', text: 'Svar', answers: [answer], replyTo: 'm1', at: t0 });

      expect(await store.findMessage('c1', 'm1')).toEqual({ id: 'm1', seq: 1, author: 'visitor', text: 'Hei', at: t0.toISOString(), toPerson: false });
      expect((await store.findMessage('c1', 'm2'))?.toPerson).toBe(true);
      expect(await store.findMessage('c1', 'nope')).toBeUndefined();
      expect(await store.findMessage('c2', 'm1')).toBeUndefined();
      expect(await store.findReplyTo('c1', 'm1')).toEqual(reply);
      expect(await store.findReplyTo('c1', 'm2')).toBeUndefined();
    });

    it('refuses a second message with the same id without using up a seq', async () => {
      const { store } = await setup();
      await conversation(store);
      await store.appendMessage('c1', { id: 'm1', author: 'visitor', text: 'Hei', at: t0 });
      await expect(store.appendMessage('c1', { id: 'm1', author: 'visitor', text: 'Hei igjen', at: t0 })).rejects.toThrow();
      expect((await store.appendMessage('c1', { id: 'm2', author: 'visitor', text: 'Neste', at: t0 })).seq).toBe(2);
    });

    it('refuses a message to an unknown conversation', async () => {
      const { store } = await setup();
      await expect(store.appendMessage('nope', { id: 'm1', author: 'visitor', text: 'Hei', at: t0 })).rejects.toThrow(/No open conversation/);
    });

    it('hands over once, keeps the first handover time and the reply address given earlier', async () => {
      const { store } = await setup();
      await conversation(store);
      const fresh = await store.getConversation('c1');
      expect(fresh).toEqual({
        id: 'c1', site: SITE, lang: 'nb', tokenHash: 'th-c1', status: 'open', replyEmail: null,
        createdAt: t0.toISOString(), lastActivityAt: t0.toISOString(), handedOverAt: null, assignedTo: null, closedAt: null,
      });
      await store.handOver('c1', 'kari@example.no', later(1000));
      await store.handOver('c1', undefined, later(2000));
      expect(await store.getConversation('c1')).toMatchObject({
        status: 'handed-over', replyEmail: 'kari@example.no', handedOverAt: later(1000).toISOString(), lastActivityAt: later(2000).toISOString(),
      });
      await store.handOver('c1', 'ny@example.no', later(3000));
      expect((await store.getConversation('c1'))?.replyEmail).toBe('ny@example.no');
    });

    it('ends a conversation: its messages and reply address are gone, and nothing more can be added', async () => {
      const { store } = await setup();
      await conversation(store);
      await store.appendMessage('c1', { id: 'm1', author: 'visitor', text: 'Hei', at: t0 });
      await store.handOver('c1', 'kari@example.no', t0);
      await store.endConversation('c1', later(1000));

      expect(await store.getConversation('c1')).toBeUndefined();
      expect(await store.messagesAfter('c1', 0)).toEqual([]);
      expect(await store.findMessage('c1', 'm1')).toBeUndefined();
      expect(await store.listConversations()).toEqual([]);
      await store.handOver('c1', 'igjen@example.no', later(2000));
      expect(await store.getConversation('c1')).toBeUndefined();
      await expect(store.appendMessage('c1', { id: 'm2', author: 'staff', text: 'For sent', at: later(3000) })).rejects.toThrow(/No open conversation/);
    });

    it('lists open conversations newest activity first, by site and up to a limit', async () => {
      const { store, addSite } = await setup();
      await addSite('pk_other_site02');
      await conversation(store, 'a', t0);
      await conversation(store, 'b', later(1000));
      await conversation(store, 'c', later(2000), 'pk_other_site02');
      await conversation(store, 'gone', later(3000));
      await store.endConversation('gone', later(3000));
      await store.appendMessage('a', { id: 'm1', author: 'visitor', text: 'Hei', at: later(5000) });
      await store.appendMessage('a', { id: 'm2', author: 'visitor', text: 'Hallo', at: later(5000) });
      await store.handOver('a', 'kari@example.no', later(5000));

      const all = await store.listConversations();
      expect(all.map((c) => c.id)).toEqual(['a', 'c', 'b']);
      expect(all[0]).toEqual({
        id: 'a', site: SITE, lang: 'nb', status: 'handed-over', createdAt: t0.toISOString(), lastActivityAt: later(5000).toISOString(),
        handedOverAt: later(5000).toISOString(), messageCount: 2, emailReply: true,
      });
      expect(all[2]).toMatchObject({ messageCount: 0, emailReply: false, status: 'open' });
      expect((await store.listConversations({ site: SITE })).map((c) => c.id)).toEqual(['a', 'b']);
      expect((await store.listConversations({ limit: 1 })).map((c) => c.id)).toEqual(['a']);
    });

    it('lists the inbox with the last message opened, unread per reader, assignee and closing', async () => {
      const { store } = await setup();
      await conversation(store, 'a', t0);
      await store.appendMessage('a', { id: 'm1', author: 'visitor', text: 'Hei', at: later(1000) });
      await store.appendMessage('a', { id: 'm2', author: 'bot', text: 'Svar', at: later(1000) });
      await store.appendMessage('a', { id: 'm3', author: 'visitor', text: 'Takk, men kan en person hjelpe?', at: later(2000) });
      await store.handOver('a', 'kari@example.no', later(2000));
      const [row] = await store.listInbox({ reader: 1 });
      expect(row).toMatchObject({ id: 'a', replyEmail: 'kari@example.no', unread: 2, assignedTo: null, closedAt: null, last: { author: 'visitor', text: 'Takk, men kan en person hjelpe?', at: later(2000).toISOString() } });
      await store.markConversationRead('a', 1, 2);
      await store.markConversationRead('a', 1, 1);
      expect((await store.listInbox({ reader: 1 }))[0]!.unread).toBe(1);
      expect((await store.listInbox({ reader: 2 }))[0]!.unread).toBe(2);
      await store.assignConversation('a', 7);
      expect(await store.closeConversation('a', later(3000))).toBe(true);
      expect(await store.closeConversation('a', later(4000))).toBe(false);
      expect(await store.getConversation('a')).toMatchObject({ assignedTo: 7, closedAt: later(3000).toISOString() });
      await store.appendMessage('a', { id: 'm4', author: 'bot', text: 'Avsluttet', closes: true, at: later(3000) });
      expect((await store.messagesAfter('a', 3)).at(0)).toMatchObject({ text: 'Avsluttet', closes: true });
    });

    it('keeps one policy per site and language, replaced on a second put', async () => {
      const { store } = await setup();
      const policy = { site: SITE, lang: 'nb' as const, markdown: '# Personvern', url: 'https://shop.example.no/personvern', version: '1' };
      await store.putPolicy(policy);
      await store.putPolicy({ ...policy, lang: 'en', markdown: '# Privacy' });
      await store.putPolicy({ ...policy, markdown: '# Personvern v2', version: '2' });
      expect(await store.getPolicy(SITE, 'nb')).toEqual({ ...policy, markdown: '# Personvern v2', version: '2', updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
      expect((await store.getPolicy(SITE, 'en'))?.markdown).toBe('# Privacy');
      expect(await store.getPolicy('pk_other_site02', 'nb')).toBeUndefined();
    });
  });

  it('keeps message text, the reply address, the requester and the event data sealed at rest', async () => {
    const { store, query } = await setup();
    await conversation(store);
    await store.appendMessage('c1', { id: 'm1', author: 'visitor', text: 'Mitt telefonnummer er 99999999', at: t0 });
    await store.handOver('c1', 'kari@example.no', t0);
    await request(store);
    await store.appendRequestEvent('r1', 'note', 'staff:ola', t0, { text: 'Ringte 99999999' });
    const rows = [
      ...(await query('SELECT body AS v FROM messages')),
      ...(await query('SELECT reply_email AS v FROM conversations')),
      ...(await query('SELECT name AS v FROM requests UNION ALL SELECT email FROM requests UNION ALL SELECT details FROM requests')),
      ...(await query('SELECT data AS v FROM request_events')),
    ].map((r) => r.v);
    expect(rows).toHaveLength(7);
    for (const v of rows) expect(v).toMatch(/^enc:v1:/);
    expect(JSON.stringify(rows)).not.toMatch(/99999999|kari|Kari/i);
  });

  describe('rights requests', () => {
    it('stores a request and reads it back as given, awaiting verification, with a received event', async () => {
      const { store } = await setup();
      await request(store);
      expect(await store.getRightsRequest('r1')).toEqual({
        id: 'r1', site: SITE, tokenHash: 'th-r1', kind: 'access', lang: 'nb', status: 'awaiting-verification',
        name: 'Kari Nordmann', email: 'Kari@Example.no', details: { message: 'Hva har dere om meg?' }, conversationId: null,
        receivedAt: t0.toISOString(), verifiedAt: null, reference: null, dueAt: null,
      });
      expect(await store.getRightsRequest('nope')).toBeUndefined();
      expect(await store.requestEvents('r1')).toEqual([{ at: t0.toISOString(), type: 'received', actor: 'requester', data: { kind: 'access' } }]);
    });

    it('counts wrong codes down and kills the code at the last attempt, even for the right code after it', async () => {
      const { store } = await setup();
      await request(store);
      await store.issueVerificationCode('r1', '123456', t0, later(600_000));
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await store.checkVerificationCode('r1', '000000', later(1000), 5));
      expect(results).toEqual([
        { ok: false, reason: 'wrong_code', attemptsLeft: 4 },
        { ok: false, reason: 'wrong_code', attemptsLeft: 3 },
        { ok: false, reason: 'wrong_code', attemptsLeft: 2 },
        { ok: false, reason: 'wrong_code', attemptsLeft: 1 },
        { ok: false, reason: 'too_many_attempts' },
      ]);
      expect(await store.checkVerificationCode('r1', '123456', later(2000), 5)).toEqual({ ok: false, reason: 'too_many_attempts' });
      const wrong = (await store.requestEvents('r1')).filter((e) => e.type === 'code-wrong');
      expect(wrong.map((e) => e.data)).toEqual([1, 2, 3, 4, 5].map((attempts) => ({ attempts })));
    });

    it('accepts the right code once, and refuses it after use', async () => {
      const { store } = await setup();
      await request(store);
      expect(await store.checkVerificationCode('r1', '123456', t0, 5)).toEqual({ ok: false, reason: 'no_code' });
      expect(await store.checkVerificationCode('nope', '123456', t0, 5)).toEqual({ ok: false, reason: 'no_code' });
      await store.issueVerificationCode('r1', '123456', t0, later(600_000));
      expect(await store.checkVerificationCode('r1', '000000', later(1000), 5)).toMatchObject({ reason: 'wrong_code', attemptsLeft: 4 });
      expect(await store.checkVerificationCode('r1', '123456', later(2000), 5)).toEqual({ ok: true });
      expect(await store.checkVerificationCode('r1', '123456', later(3000), 5)).toEqual({ ok: false, reason: 'no_code' });
    });

    it('refuses a code at and after its expiry', async () => {
      const { store } = await setup();
      await request(store);
      await store.issueVerificationCode('r1', '123456', t0, later(600_000));
      expect(await store.checkVerificationCode('r1', '123456', later(600_000), 5)).toEqual({ ok: false, reason: 'code_expired' });
      expect(await store.checkVerificationCode('r1', '123456', later(599_999), 5)).toEqual({ ok: true });
    });

    it('retires the earlier code when a new one is issued, with a fresh count', async () => {
      const { store } = await setup();
      await request(store);
      await store.issueVerificationCode('r1', '111111', t0, later(600_000));
      await store.checkVerificationCode('r1', '000000', t0, 5);
      await store.issueVerificationCode('r1', '222222', later(1000), later(600_000));
      expect(await store.checkVerificationCode('r1', '111111', later(2000), 5)).toMatchObject({ reason: 'wrong_code', attemptsLeft: 4 });
      expect(await store.checkVerificationCode('r1', '222222', later(3000), 5)).toEqual({ ok: true });
      expect((await store.requestEvents('r1')).filter((e) => e.type === 'code-sent')).toHaveLength(2);
    });

    it('gives references in sequence per site and year, and marks the request verified', async () => {
      const { store, addSite } = await setup();
      await addSite('pk_other_site02');
      for (const id of ['r1', 'r2', 'r3']) await request(store, id);
      await request(store, 'o1', { site: 'pk_other_site02' });
      const due = later(30 * 86_400_000);
      const first = await store.markVerified('r1', later(1000), due, 'NF');
      expect(first).toMatchObject({ status: 'verified', reference: 'NF-2026-000001', verifiedAt: later(1000).toISOString(), dueAt: due.toISOString() });
      expect((await store.markVerified('r2', later(2000), due, 'NF')).reference).toBe('NF-2026-000002');
      expect((await store.markVerified('o1', later(2000), due, 'AB')).reference).toBe('AB-2026-000001');
      expect((await store.markVerified('r3', new Date('2027-01-01T00:00:00.000Z'), due, 'NF')).reference).toBe('NF-2027-000001');
      expect(await store.getRightsRequest('r1')).toEqual(first);
      expect((await store.requestEvents('r1')).at(-1)).toEqual({
        at: later(1000).toISOString(), type: 'verified', actor: 'requester', data: { reference: 'NF-2026-000001', dueAt: due.toISOString() },
      });
    });

    it('sets a status and records who did it', async () => {
      const { store } = await setup();
      await request(store);
      const updated = await store.setRightsStatus('r1', 'in-progress', later(1000), 'staff:ola');
      expect(updated).toMatchObject({ id: 'r1', status: 'in-progress', name: 'Kari Nordmann' });
      expect((await store.getRightsRequest('r1'))?.status).toBe('in-progress');
      expect((await store.requestEvents('r1')).at(-1)).toEqual({ at: later(1000).toISOString(), type: 'status:in-progress', actor: 'staff:ola', data: null });
    });

    it('appends request events in order and reads their data back', async () => {
      const { store } = await setup();
      await request(store);
      await request(store, 'r2');
      await store.appendRequestEvent('r1', 'note', 'staff:ola', later(2000), { text: 'Ringte kunden' });
      await store.appendRequestEvent('r2', 'note', 'staff:ola', later(1500));
      await store.appendRequestEvent('r1', 'mail-sent', 'system', later(1000));
      expect(await store.requestEvents('r1')).toEqual([
        { at: t0.toISOString(), type: 'received', actor: 'requester', data: { kind: 'access' } },
        { at: later(2000).toISOString(), type: 'note', actor: 'staff:ola', data: { text: 'Ringte kunden' } },
        { at: later(1000).toISOString(), type: 'mail-sent', actor: 'system', data: null },
      ]);
      expect(await store.requestEvents('nope')).toEqual([]);
    });

    it('lists soonest due first, then unverified newest first, filtered by site and status', async () => {
      const { store, addSite } = await setup();
      await addSite('pk_other_site02');
      await request(store, 'late', { receivedAt: later(1000) });
      await request(store, 'soon', { receivedAt: later(2000) });
      await request(store, 'new', { receivedAt: later(3000) });
      await request(store, 'old', { receivedAt: later(500) });
      await request(store, 'other', { site: 'pk_other_site02', receivedAt: later(4000) });
      await store.markVerified('late', later(5000), later(40 * 86_400_000), 'NF');
      await store.markVerified('soon', later(5000), later(20 * 86_400_000), 'NF');
      await store.setRightsStatus('soon', 'in-progress', later(6000), 'staff:ola');

      expect((await store.listRightsRequests()).map((r) => r.id)).toEqual(['soon', 'late', 'other', 'new', 'old']);
      expect((await store.listRightsRequests({ site: SITE })).map((r) => r.id)).toEqual(['soon', 'late', 'new', 'old']);
      expect((await store.listRightsRequests({ status: ['verified', 'in-progress'] })).map((r) => r.id)).toEqual(['soon', 'late']);
      expect((await store.listRightsRequests({ site: 'pk_other_site02', status: ['awaiting-verification'] })).map((r) => r.id)).toEqual(['other']);
      expect(await store.listRightsRequests({ status: [] })).toHaveLength(5);
    });
  });
});
