import { IDBFactory } from 'fake-indexeddb';
import { waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, fakeChatServer } from '../../test/fixtures/fake-chat-server.ts';
import { ChatText } from '../../protocol/index.ts';
import { CHAT_FLAG } from '../chat-launcher/index.ts';
import { createChatModel, type ChatModel } from './model.ts';

describe('the chat model', () => {
  let server: ReturnType<typeof fakeChatServer>;
  let models: ChatModel[] = [];
  const model = async (options: Partial<Parameters<typeof createChatModel>[0]> = {}) => {
    const m = createChatModel({ api: 'https://samtykke.example', site: 'pk_demo_nettfokus', lang: 'nb', EventSource: FakeEventSource as unknown as typeof EventSource, retryMs: 20, pollMs: 20, ...options });
    models.push(m);
    await m.ready;
    return m;
  };
  const say = async (m: ChatModel, text: string) => {
    m.draft.value = text;
    await m.send();
  };

  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    localStorage.clear();
    sessionStorage.clear();
    FakeEventSource.reset();
    server = fakeChatServer();
  });
  afterEach(() => {
    for (const m of models) m.dispose();
    models = [];
    vi.unstubAllGlobals();
  });

  it('creates no conversation on the server until the visitor sends something', async () => {
    const m = await model();
    m.show();
    expect(server.calls).toEqual([]);
    await say(m, 'Sender dere noe til USA?');
    expect(server.calls.slice(0, 2)).toEqual(['POST /v1/conversations', 'POST /v1/conversations/c1/messages']);
    const [question, answer] = m.entries.value;
    expect(question).toMatchObject({ author: 'visitor', text: 'Sender dere noe til USA?', state: 'sent' });
    expect(answer).toMatchObject({ author: 'bot', answers: [{ title: 'Overføring til land utenfor EØS' }] });
    expect(m.draft.value).toBe('');
  });

  it('sends only text the server accepts: no pasted control character, no half emoji at the 2000-character cut', async () => {
    const m = await model();
    await say(m, `a\u0000b\u001b ${'x'.repeat(1994)}\ud83d\ude00`);
    const [sent] = m.entries.value;
    expect(sent).toMatchObject({ text: `ab ${'x'.repeat(1994)}`, state: 'sent' });
    expect(ChatText.safeParse(sent!.text).success).toBe(true);
  });

  it('answers a quick-reply chip from the policy without opening a conversation', async () => {
    const m = await model();
    await m.ask('usa');
    expect(server.asks).toEqual(['Overføres noe til USA?']);
    expect(server.conversations.size).toBe(0);
    expect(m.entries.value[1]).toMatchObject({ author: 'bot', answers: [{ sectionId: 'overforing' }] });
  });

  it('keeps what is typed offline, and delivers it once, in order, when back', async () => {
    const m = await model();
    server.down = true;
    await say(m, 'første');
    await say(m, 'andre');
    await say(m, 'tredje');
    expect(m.status.value).toBe('offline');
    expect(m.entries.value.map((e) => e.state)).toEqual(['queued', 'queued', 'queued']);
    expect(JSON.parse(localStorage.getItem(CHAT_FLAG)!)).toBe('queued');
    server.down = false;
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(m.status.value).toBe('online'));
    // A retry timer and the online event both fire; the server still sees each message once.
    await new Promise((r) => setTimeout(r, 60));
    expect(server.posts.map((p) => p.text)).toEqual(['første', 'andre', 'tredje']);
    expect(new Set(server.posts.map((p) => p.id)).size).toBe(3);
    expect(m.entries.value.filter((e) => e.author === 'visitor').map((e) => e.state)).toEqual(['sent', 'sent', 'sent']);
  });

  it('keeps the next message typed while the first waits for the browser store, and sends both in order', async () => {
    // A fresh page opens IndexedDB slowly; a quick visitor sends and starts the next line meanwhile.
    let openStore!: () => void;
    const slow = new Promise<undefined>((resolve) => (openStore = () => resolve(undefined)));
    const m = createChatModel({ api: 'https://samtykke.example', site: 'pk_demo_nettfokus', lang: 'nb', db: slow, EventSource: FakeEventSource as unknown as typeof EventSource, retryMs: 20, pollMs: 20 });
    models.push(m);
    m.draft.value = 'første';
    const first = m.send();
    expect(m.draft.value).toBe('');
    m.draft.value = 'andre';
    const second = m.send();
    openStore();
    await Promise.all([first, second]);
    expect(server.posts.map((p) => p.text)).toEqual(['første', 'andre']);
    expect(m.draft.value).toBe('');
  });

  it('survives a reload: the next page finds the conversation, and sends what was still queued', async () => {
    const first = await model();
    await say(first, 'Hva samler dere inn?');
    server.down = true;
    await say(first, 'Og hvor lenge?');
    first.dispose();
    server.down = false;
    const next = await model();
    expect(next.conversation.value).toMatchObject({ id: 'c1', token: 'secret-c1' });
    expect(next.entries.value[0]).toMatchObject({ text: 'Hva samler dere inn?', state: 'sent' });
    await waitFor(() => expect(server.posts.map((p) => p.text)).toEqual(['Hva samler dere inn?', 'Og hvor lenge?']));
    await waitFor(() => expect(next.entries.value.at(-2)).toMatchObject({ text: 'Og hvor lenge?', state: 'sent' }));
  });

  it('keeps a half-typed message across a reload in the same tab, and forgets it once sent', async () => {
    const first = await model();
    first.draft.value = 'Jeg lurer på';
    first.dispose();
    const next = await model();
    expect(next.draft.value).toBe('Jeg lurer på');
    await next.send();
    expect(sessionStorage.length).toBe(0);
  });

  it('shows a staff reply that arrives over server-sent events, once', async () => {
    const m = await model();
    await say(m, 'Kan jeg snakke med noen?');
    await waitFor(() => expect(FakeEventSource.open.size).toBe(1));
    const source = [...FakeEventSource.open][0]!;
    expect(source.url).toBe('https://samtykke.example/v1/conversations/c1/events?token=secret-c1&after=0');
    await waitFor(() => expect(source.readyState).toBe(1));
    const reply = server.staffReply('c1', 'Hei! Jeg ser på saken din.');
    // A reconnect may send the same message again.
    source.emit(reply);
    expect(m.entries.value.filter((e) => e.author === 'staff')).toEqual([expect.objectContaining({ text: 'Hei! Jeg ser på saken din.', seq: reply.seq })]);
  });

  it('shows a conversation staff closed as closed, keeps a refused message unsent, and starts a new one', async () => {
    const m = await model();
    await say(m, 'Kan jeg snakke med noen?');
    await waitFor(() => expect(FakeEventSource.open.size).toBe(1));
    const source = [...FakeEventSource.open][0]!;
    await waitFor(() => expect(source.readyState).toBe(1));
    server.close('c1');
    await waitFor(() => expect(m.status.value).toBe('closed'));
    expect(m.closed.value).toBe(true);
    expect(m.entries.value.at(-1)).toMatchObject({ author: 'bot', closes: true });
    // The server refuses more; the text stays, marked not sent, and nothing is said twice.
    await say(m, 'En ting til');
    expect(m.entries.value.find((e) => e.text === 'En ting til')).toMatchObject({ state: 'failed' });
    expect(m.entries.value.filter((e) => e.closes)).toHaveLength(1);

    await m.startNew();
    expect(m.closed.value).toBe(false);
    expect(m.entries.value).toEqual([]);
    await say(m, 'Nytt spørsmål');
    expect(server.calls.filter((c) => c === 'POST /v1/conversations')).toHaveLength(2);
    expect(m.conversation.value?.id).toBe('c2');
  });

  it('tells the visitor the conversation is closed when the server refuses a message it missed', async () => {
    const m = await model({ EventSource: undefined, pollMs: 60_000 });
    await say(m, 'Hei');
    server.close('c1', true);
    await say(m, 'Er dere der?');
    expect(m.closed.value).toBe(true);
    expect(m.entries.value.at(-1)).toMatchObject({ author: 'note', text: 'closedText', closes: true });
  });

  it('falls back to polling when server-sent events fail', async () => {
    const m = await model();
    await say(m, 'Hei');
    await waitFor(() => expect(FakeEventSource.open.size).toBe(1));
    [...FakeEventSource.open][0]!.fail();
    server.staffReply('c1', 'Svar via polling');
    await waitFor(() => expect(m.entries.value.some((e) => e.text === 'Svar via polling')).toBe(true));
    expect(server.calls).toContain('GET /v1/conversations/c1/messages');
  });

  it('hands over to a person, with an email, and sends later messages to staff', async () => {
    const m = await model();
    expect(await m.handover('ikke en adresse')).toBe(false);
    expect(m.problem.value).toBe('email');
    expect(m.status.value).toBe('online');
    expect(await m.handover('kari@example.no')).toBe(true);
    // The header says a person has been asked, no longer only "Tilkoblet".
    expect(m.status.value).toBe('withPerson');
    expect(m.copy[m.status.value]).toBe('Et menneske er spurt – svaret kommer her');
    expect(server.conversations.get('c1')!.handover).toEqual({ email: 'kari@example.no' });
    await say(m, 'Jeg vil klage på noe');
    expect(server.posts.at(-1)).toMatchObject({ text: 'Jeg vil klage på noe', toPerson: true });
  });

  it('ends and erases: nothing left in the browser, and the server is told', async () => {
    const m = await model();
    m.show();
    await say(m, 'Hei');
    expect(JSON.parse(localStorage.getItem(CHAT_FLAG)!)).toBe('open');
    await m.erase();
    expect(server.deleted).toEqual(['c1']);
    expect(localStorage.getItem(CHAT_FLAG)).toBeNull();
    m.dispose();
    const again = await model();
    expect(again.conversation.value).toBeUndefined();
    expect(again.entries.value).toEqual([]);
  });

  it('erases offline at once in the browser, and tells the server when the connection is back', async () => {
    const m = await model();
    await say(m, 'Hei');
    server.down = true;
    await m.erase();
    expect(m.entries.value.map((e) => e.text)).toEqual(['erased']);
    expect(server.deleted).toEqual([]);
    server.down = false;
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(server.deleted).toEqual(['c1']));
    m.dispose();
    // Nothing is left behind once the server knows, not even the token.
    const again = await model();
    expect(again.conversation.value).toBeUndefined();
    expect(localStorage.getItem(CHAT_FLAG)).toBeNull();
    expect(server.calls.filter((c) => c.startsWith('DELETE'))).toHaveLength(1);
  });

  it('starts a new conversation when the server no longer knows the old one', async () => {
    const m = await model();
    await say(m, 'Hei');
    server.conversations.clear();
    await say(m, 'Er du der?');
    expect(m.conversation.value?.id).toBe('c1');
    expect(server.posts.map((p) => p.text)).toEqual(['Hei', 'Er du der?']);
    expect(m.entries.value.find((e) => e.text === 'Er du der?')?.state).toBe('sent');
  });
});
