/**
 * Issue 17, the inbox: the list a person can work from (who, which site, the last word, unread per
 * staff member, waiting for a person, assignee, open/closed and counters), assign to me, and a close
 * that tells the visitor and stops replies both ways. On SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { InboxList, type InboxConversation } from '../../../protocol/index.ts';
import { backends, type Backend } from '../../store/backends.testing.ts';
import { formEvent, ORIGIN, SITE, siteSettings, withoutRequestId } from '../../testing.ts';
import { AGENT, consoleTestApp, OWNER, type Session } from './testing.ts';

const EMAIL = 'kari@example.no';

async function setup(backend: Backend) {
  const t = await consoleTestApp({ backend });
  const visitor = async (path: string, body: unknown, token?: string) => {
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const conversation = async (lang: 'nb' | 'en' = 'nb') => (await visitor('/v1/conversations', { site: SITE, lang })).body as { id: string; token: string };
  const write = (c: { id: string; token: string }, text: string, toPerson = false) => visitor(`/v1/conversations/${c.id}/messages`, { id: crypto.randomUUID(), text, toPerson }, c.token);
  const inbox = async (session: Session, query = '') => {
    const res = await t.request(`/console/api/conversations${query}`, { session });
    expect(res.status).toBe(200);
    return InboxList.parse(await res.json());
  };
  const post = async (path: string, session: Session, body?: unknown) => {
    const res = await t.request(`/console/api/conversations${path}`, { method: 'POST', session, ...(body !== undefined ? { body } : {}) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { t, visitor, conversation, write, inbox, post };
}

const byId = (list: InboxConversation[], id: string) => list.find((x) => x.id === id)!;

describe.each(backends)('inbox on $name', (backend) => {
  it('lists who wrote, the site, the last word, unread per staff member and waiting, with counters', async () => {
    const { t, visitor, conversation, write, inbox, post } = await setup(backend);
    const agent = await t.signIn(AGENT);
    const owner = await t.signIn(OWNER);
    const kari = await conversation();
    await write(kari, 'Hei, hva lagrer dere om meg?');
    expect((await visitor(`/v1/conversations/${kari.id}/handover`, { email: EMAIL }, kari.token)).status).toBe(200);
    await write(kari, 'Jeg vil snakke med en person om nyhetsbrevet', true);
    const quiet = await conversation('en');
    await write(quiet, 'Where is my data kept?');

    const seen = await inbox(agent);
    const row = byId(seen.conversations, kari.id);
    expect(row).toMatchObject({ email: EMAIL, site: SITE, siteName: 'Testbutikken', waiting: true, unread: 2, assignedTo: null, closedAt: null });
    expect(row.last).toMatchObject({ author: 'visitor', text: 'Jeg vil snakke med en person om nyhetsbrevet' });
    // A visitor who never asked for a person is not waiting, and gave no address.
    expect(byId(seen.conversations, quiet.id)).toMatchObject({ email: null, waiting: false, unread: 1 });
    expect(byId(seen.conversations, quiet.id).last?.author).toBe('bot');
    expect(seen.counts).toEqual({ open: 2, closed: 0, waiting: 1, unread: 3, mine: 0 });

    // Unread is per staff member: the agent reading it leaves the owner's count as it was.
    const last = row.messageCount;
    expect((await post(`/${kari.id}/read`, agent, { seq: last })).status).toBe(200);
    expect(byId((await inbox(agent)).conversations, kari.id).unread).toBe(0);
    expect(byId((await inbox(owner)).conversations, kari.id).unread).toBe(2);
    // A read position never moves back.
    await post(`/${kari.id}/read`, agent, { seq: 1 });
    expect(byId((await inbox(agent)).conversations, kari.id).unread).toBe(0);

    // A staff answer: no longer waiting, and the preview is the answer.
    expect((await post(`/${kari.id}/messages`, agent, { text: 'Hei Kari, jeg ser på det nå.' })).status).toBe(201);
    const answered = byId((await inbox(agent)).conversations, kari.id);
    expect(answered).toMatchObject({ waiting: false, last: { author: 'staff', text: 'Hei Kari, jeg ser på det nå.' } });
    // The visitor writes again: waiting, and unread for the agent.
    await write(kari, 'Takk! Og hvor lenge lagrer dere det?', true);
    expect(byId((await inbox(agent)).conversations, kari.id)).toMatchObject({ waiting: true, unread: 1 });

    const bad = await t.request('/console/api/conversations?state=shut', { session: agent });
    expect(withoutRequestId(await bad.json())).toMatchObject({ error: 'validation_failed', issues: [{ path: 'state' }] });
    expect((await post(`/${kari.id}/read`, agent, { seq: -1 })).status).toBe(400);
  });

  it('assigns to me and shows who; closing tells the visitor in their language and stops replies both ways', async () => {
    const { t, visitor, conversation, write, inbox, post } = await setup(backend);
    const agent = await t.signIn(AGENT);
    const owner = await t.signIn(OWNER);
    const en = await conversation('en');
    await write(en, 'Can a person help me?', true);

    expect((await post(`/${en.id}/assign`, agent, { to: 'me' })).body).toMatchObject({ assignedTo: { email: AGENT.email } });
    const mine = await inbox(agent);
    expect(byId(mine.conversations, en.id).assignedTo).toMatchObject({ email: AGENT.email });
    expect(mine.counts.mine).toBe(1);
    // The owner sees whom it is assigned to, and it is not theirs.
    expect(byId((await inbox(owner)).conversations, en.id).assignedTo?.email).toBe(AGENT.email);
    expect((await inbox(owner)).counts.mine).toBe(0);
    expect((await post(`/${en.id}/assign`, agent, { to: 'someone' })).status).toBe(400);

    const closed = await post(`/${en.id}/close`, agent);
    expect(closed.status).toBe(200);
    // The visitor is told, in English, as the conversation's last message.
    const msgs = (await (await t.app.request(`/v1/conversations/${en.id}/messages`, { headers: { Origin: ORIGIN, Authorization: `Bearer ${en.token}` } })).json()) as { messages: { author: string; text: string; closes?: boolean }[] };
    const note = msgs.messages.at(-1)!;
    expect(note).toMatchObject({ author: 'bot', closes: true });
    expect(note.text).toContain('closed this conversation');

    // No more messages either way: a 409 naming the problem, nothing stored.
    const count = msgs.messages.length;
    const refused = await write(en, 'One more thing');
    expect(refused.status).toBe(409);
    expect(withoutRequestId(refused.body)).toEqual({ error: 'conversation_closed', message: expect.stringContaining('closed') });
    expect((await visitor(`/v1/conversations/${en.id}/handover`, {}, en.token)).status).toBe(409);
    const staffReply = await post(`/${en.id}/messages`, agent, { text: 'Also…' });
    expect(staffReply.status).toBe(409);
    expect(staffReply.body.error).toBe('conversation_closed');
    expect((await post(`/${en.id}/close`, agent)).body.error).toBe('already_closed');
    expect((await t.store.messagesAfter(en.id, 0)).length).toBe(count);

    // It moves to closed: out of the open list, in the closed one, counted.
    const open = await inbox(agent);
    expect(open.conversations.map((x) => x.id)).not.toContain(en.id);
    expect(open.counts).toMatchObject({ open: 0, closed: 1, mine: 0, waiting: 0 });
    expect(byId((await inbox(agent, '?state=closed')).conversations, en.id).closedAt).not.toBeNull();

    // A Norwegian visitor is told in Norwegian.
    const nb = await conversation('nb');
    await write(nb, 'Hei');
    await post(`/${nb.id}/close`, agent);
    expect((await t.store.messagesAfter(nb.id, 0)).at(-1)!.text).toContain('har avsluttet denne samtalen');
  });

  it('shows only the conversation site\'s consents, and never an erased person\'s address', async () => {
    const { t, visitor, conversation, write, inbox } = await setup(backend);
    const OTHER = 'pk_other_site01';
    await t.store.upsertSite(siteSettings({ key: OTHER, name: 'Annen kunde', origins: ['https://annen.example'] }));
    await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash, { subject: { email: EMAIL } }), receivedAt: t.now(), source: 'browser' }]);
    await t.store.appendConsentEvents([{ site: OTHER, event: formEvent(t.textHash, { subject: { email: EMAIL } }), receivedAt: t.now(), source: 'browser' }]);
    const agent = await t.signIn(AGENT);
    const kari = await conversation();
    await write(kari, 'Hei');
    await visitor(`/v1/conversations/${kari.id}/handover`, { email: EMAIL }, kari.token);
    const detail = (await (await t.request(`/console/api/conversations/${kari.id}`, { session: agent })).json()) as { consents: { subjects: { site: string }[]; records: { site: string }[] } };
    expect(detail.consents.records.length).toBe(1);
    expect(new Set([...detail.consents.records, ...detail.consents.subjects].map((x) => x.site))).toEqual(new Set([SITE]));

    // Erased on this site (their chats go at once); the address turning up again in a new chat stays hidden.
    const subjectId = await t.store.ensureSubject(SITE, EMAIL, t.now());
    const owner = await t.signIn(OWNER);
    expect((await t.request(`/console/api/subjects/${subjectId}/erase`, { method: 'POST', session: owner, body: { reason: 'Etter forespørsel' } })).status).toBe(200);
    expect((await inbox(agent, '?state=all')).conversations.map((x) => x.id)).not.toContain(kari.id);
    const again = await conversation();
    await write(again, 'Hei igjen');
    await visitor(`/v1/conversations/${again.id}/handover`, { email: EMAIL }, again.token);
    const body = JSON.stringify(await inbox(agent, '?state=all'));
    expect(body).not.toContain(EMAIL);
    expect(byId((await inbox(agent)).conversations, again.id).email).toBeNull();
    const open = await (await t.request(`/console/api/conversations/${again.id}`, { session: agent })).text();
    expect(open).not.toContain(EMAIL);
  });
});
