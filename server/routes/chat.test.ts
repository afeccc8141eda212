import { withoutRequestId } from '../testing.ts';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpServer } from '../../test/setup/smtp.ts';
import { createMailer } from '../services/mail/index.ts';
import { createRateLimiter } from '../services/rate-limit.ts';
import type { Store } from '../store/index.ts';
import { chatTestApp, messageId, SITE } from './chat-testing.ts';
import { copyFor } from '../../widget/chat/copy.ts';

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
async function setup(options: Parameters<typeof chatTestApp>[0] = {}) {
  const t = await chatTestApp(options);
  stores.push(t.store);
  return t;
}

describe('opening a conversation', () => {
  it('gives an id and a 256-bit token, and stores only the token’s hash', async () => {
    const t = await setup();
    const { id, token } = await t.openConversation();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const db = new Database(t.dbPath, { readonly: true });
    const row = db.prepare('SELECT * FROM conversations WHERE id = ?').get(id) as Record<string, unknown>;
    db.close();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is refused from an origin the site does not list, and for an unknown site', async () => {
    const t = await setup();
    const foreign = await t.call('POST', '/v1/conversations', { site: SITE, lang: 'nb' }, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: 'origin_not_allowed' });
    const unknown = await t.call('POST', '/v1/conversations', { site: 'pk_nobody_here', lang: 'nb' });
    expect(unknown.status).toBe(404);
    const bad = await t.call('POST', '/v1/conversations', { site: SITE, lang: 'de' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].path).toBe('lang');
  });
});

describe('asking the bot', () => {
  it('answers from the site’s policy with the right section first', async () => {
    const t = await setup();
    const c = await t.openConversation();
    const res = await t.call('POST', `/v1/conversations/${c.id}/messages`, { id: messageId(), text: 'hvor lenge lagrer dere info om meg' }, t.withToken(c.token));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.message).toMatchObject({ author: 'visitor', seq: 1, text: 'hvor lenge lagrer dere info om meg' });
    expect(body.reply.author).toBe('bot');
    // The direct answer first (the period the policy gives), then the policy's own words.
    expect(body.reply.text).toMatch(/^Personvernerklæringen oppgir denne fristen: 30 dager\.\nDette står i personvernerklæringen under «Hvor lenge lagrer vi opplysningene\?»/);
    expect(body.reply.answers[0]).toMatchObject({ sectionId: 'hvor-lenge-lagrer-vi-opplysningene', url: 'https://shop.example.no/personvern#hvor-lenge-lagrer-vi-opplysningene' });
  });

  it('answers in English from the English policy', async () => {
    const t = await setup();
    const c = await t.openConversation('en');
    const body = await (await t.call('POST', `/v1/conversations/${c.id}/messages`, { id: messageId(), text: 'do you send my data to america' }, t.withToken(c.token))).json();
    expect(body.reply.text).toMatch(/^Yes\. Personal data is transferred to USA, under SCC\.\nThis is what the privacy policy says under “Transfer to the USA”/);
  });

  it('offers a person when the policy has nothing on the question', async () => {
    const t = await setup();
    const c = await t.openConversation();
    const body = await (await t.call('POST', `/v1/conversations/${c.id}/messages`, { id: messageId(), text: 'hva blir været i morgen' }, t.withToken(c.token))).json();
    expect(body.reply.answers).toBeUndefined();
    // The button's own name (widget/chat/copy.ts), so the visitor finds what the bot tells them to choose.
    expect(body.reply.text).toContain(`«${copyFor('nb').toPerson}»`);
  });

  it('stores a message sent twice once and answers it the same way; another text under that id is refused', async () => {
    const t = await setup();
    const c = await t.openConversation();
    const msg = { id: messageId(), text: 'slett meg' };
    const first = await (await t.call('POST', `/v1/conversations/${c.id}/messages`, msg, t.withToken(c.token))).json();
    const again = await t.call('POST', `/v1/conversations/${c.id}/messages`, msg, t.withToken(c.token));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    const other = await t.call('POST', `/v1/conversations/${c.id}/messages`, { ...msg, text: 'noe annet' }, t.withToken(c.token));
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ error: 'id_conflict' });
    const all = await (await t.call('GET', `/v1/conversations/${c.id}/messages?after=0`, undefined, t.withToken(c.token))).json();
    expect(all.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2]);
  });

  it('answers the same message sent twice at the same moment as one message, not an error', async () => {
    const t = await setup();
    const c = await t.openConversation();
    const msg = { id: messageId(), text: 'Hvor lenge lagrer dere data?' };
    const [a, b] = await Promise.all([0, 1].map(() => t.call('POST', `/v1/conversations/${c.id}/messages`, msg, t.withToken(c.token))));
    expect([a!.status, b!.status]).toEqual([200, 200]);
    const [bodyA, bodyB] = [await a!.json(), await b!.json()];
    expect(bodyA.message).toEqual(bodyB.message);
    const all = await (await t.call('GET', `/v1/conversations/${c.id}/messages?after=0`, undefined, t.withToken(c.token))).json();
    expect(all.messages.filter((m: { id: string }) => m.id === msg.id)).toHaveLength(1);
  });

  it('refuses an empty or oversized message with the field named', async () => {
    const t = await setup();
    const c = await t.openConversation();
    const res = await t.call('POST', `/v1/conversations/${c.id}/messages`, { id: messageId(), text: 'x'.repeat(2001) }, t.withToken(c.token));
    expect(res.status).toBe(400);
    expect((await res.json()).issues[0].path).toBe('text');
  });
});

describe('isolation between visitors', () => {
  it('never lets visitor A read, post into, stream, hand over or end B’s conversation, and answers a wrong token as an unknown id', async () => {
    const t = await setup();
    const a = await t.openConversation();
    const b = await t.openConversation();
    await t.call('POST', `/v1/conversations/${b.id}/messages`, { id: messageId(), text: 'mitt hemmelige spørsmål' }, t.withToken(b.token));
    const attempts = [
      t.call('GET', `/v1/conversations/${b.id}/messages?after=0`, undefined, t.withToken(a.token)),
      t.call('POST', `/v1/conversations/${b.id}/messages`, { id: messageId(), text: 'hei' }, t.withToken(a.token)),
      t.call('GET', `/v1/conversations/${b.id}/events?token=${a.token}`),
      t.call('POST', `/v1/conversations/${b.id}/handover`, {}, t.withToken(a.token)),
      t.call('DELETE', `/v1/conversations/${b.id}`, undefined, t.withToken(a.token)),
    ];
    const unknown = await t.call('GET', `/v1/conversations/${crypto.randomUUID()}/messages`, undefined, t.withToken(a.token));
    const unknownBody = await unknown.json();
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(withoutRequestId(await res.json())).toEqual(withoutRequestId(unknownBody));
    }
    const noToken = await t.call('GET', `/v1/conversations/${b.id}/messages`);
    expect(noToken.status).toBe(401);
    const own = await (await t.call('GET', `/v1/conversations/${b.id}/messages`, undefined, t.withToken(b.token))).json();
    expect(own.messages).toHaveLength(2);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-conversation limit, and lets the next window through', async () => {
    const t = await setup({ limits: { messagesPerConversation: createRateLimiter({ limit: 3, windowMs: 60_000, clock: () => t.state.now }) } });
    const c = await t.openConversation();
    const send = () => t.call('POST', `/v1/conversations/${c.id}/messages`, { id: messageId(), text: 'klage' }, t.withToken(c.token));
    for (let i = 0; i < 3; i += 1) expect((await send()).status).toBe(200);
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toMatchObject({ error: 'rate_limited', retryAfter: 60 });
    const other = await t.openConversation();
    expect((await t.call('POST', `/v1/conversations/${other.id}/messages`, { id: messageId(), text: 'klage' }, t.withToken(other.token))).status).toBe(200);
    t.state.now = new Date(t.state.now.getTime() + 60_000);
    expect((await send()).status).toBe(200);
  });

  it('limits writes per client address, not per conversation', async () => {
    const t = await setup({ limits: { writesPerClient: createRateLimiter({ limit: 2, windowMs: 60_000, clock: () => t.state.now }) } });
    await t.openConversation();
    await t.openConversation();
    const third = await t.call('POST', '/v1/conversations', { site: SITE, lang: 'nb' });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    t.state.client = '198.51.100.9';
    expect((await t.call('POST', '/v1/conversations', { site: SITE, lang: 'nb' })).status).toBe(201);
  });
});

type Sse = { event?: string; data: string; id?: string };

/** Reads server-sent events from a response body; `until` waits for a condition on all read so far. */
function eventReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: Sse[] = [];
  let buffer = '';
  return {
    events,
    async until(done: (events: Sse[]) => boolean, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(events)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(events)}`);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(events)}`)), left))),
        ]);
        clearTimeout(timer);
        if (chunk.done) throw new Error('the stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) continue;
          const e: Sse = { data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('data: ')) e.data += line.slice(6);
            else if (line.startsWith('event: ')) e.event = line.slice(7);
            else if (line.startsWith('id: ')) e.id = line.slice(4);
          }
          events.push(e);
        }
      }
      return events;
    },
    cancel: () => reader.cancel(),
  };
}

describe('staff replies', () => {
  it('reach the visitor’s open event stream within 2 seconds', async () => {
    const t = await setup();
    const c = await t.openConversation();
    await t.call('POST', `/v1/conversations/${c.id}/messages`, { id: messageId(), text: 'Jeg vil snakke med noen', toPerson: true }, t.withToken(c.token));
    const stream = await t.call('GET', `/v1/conversations/${c.id}/events?token=${c.token}&after=1`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const sse = eventReader(stream);
    await sse.until((e) => e.some((x) => x.event === 'ready'));
    const started = Date.now();
    const reply = await t.call('POST', `/admin/v1/conversations/${c.id}/messages`, { text: 'Hei, dette er Kari fra personvern.' }, t.asStaff);
    expect(reply.status).toBe(201);
    expect((await reply.json()).delivery).toBe('live');
    const events = await sse.until((e) => e.some((x) => x.data.includes('Kari')));
    expect(Date.now() - started).toBeLessThan(2000);
    const staff = JSON.parse(events.find((x) => x.data.includes('Kari'))!.data);
    expect(staff).toMatchObject({ author: 'staff', seq: 2, text: 'Hei, dette er Kari fra personvern.' });
    expect(events.find((x) => x.data.includes('Kari'))!.id).toBe('2');
    await sse.cancel();
    // The stream unsubscribes when the visitor goes: the next reply is only stored.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const later = await t.call('POST', `/admin/v1/conversations/${c.id}/messages`, { text: 'Er du der ennå?' }, t.asStaff);
    expect((await later.json()).delivery).toBe('stored');
  });

  it('sends the backlog after the given seq first, so a reconnect misses nothing', async () => {
    const t = await setup();
    const c = await t.openConversation();
    await t.call('POST', `/v1/conversations/${c.id}/messages`, { id: messageId(), text: 'personvernombud', toPerson: true }, t.withToken(c.token));
    await t.call('POST', `/admin/v1/conversations/${c.id}/messages`, { text: 'Svar mens du var borte' }, t.asStaff);
    const stream = await t.call('GET', `/v1/conversations/${c.id}/events?token=${c.token}&after=1`);
    const sse = eventReader(stream);
    const events = await sse.until((e) => e.some((x) => x.data.includes('borte')));
    expect(events.filter((x) => !x.event).map((x) => JSON.parse(x.data).seq)).toEqual([2]);
    await sse.cancel();
  });

  it('go by email over SMTP when the visitor has no open stream and left an address at handover', async () => {
    const smtp = await startSmtpServer();
    try {
      const mailer = createMailer({ smtpUrl: smtp.url, from: 'Testbutikken <personvern@shop.example.no>', log: { info() {}, warn() {}, error() {} } });
      const t = await setup({ mailer });
      const c = await t.openConversation();
      await t.call('POST', `/v1/conversations/${c.id}/messages`, { id: messageId(), text: 'Kan noen ringe meg?', toPerson: true }, t.withToken(c.token));
      const handover = await t.call('POST', `/v1/conversations/${c.id}/handover`, { email: 'ola@example.com' }, t.withToken(c.token));
      expect(handover.status).toBe(200);
      const queue = await (await t.call('GET', '/admin/v1/conversations', undefined, t.asStaff)).json();
      expect(queue.conversations[0]).toMatchObject({ id: c.id, status: 'handed-over', emailReply: true });
      const reply = await (await t.call('POST', `/admin/v1/conversations/${c.id}/messages`, { text: 'Vi ringer deg i morgen.' }, t.asStaff)).json();
      expect(reply.delivery).toBe('email');
      const mail = await smtp.waitFor((m) => m.to.includes('ola@example.com'));
      expect(mail.subject).toBe('Svar fra Testbutikken på spørsmålet ditt i chatten');
      expect(mail.text).toContain('Vi ringer deg i morgen.');
      mailer.close();
    } finally {
      await smtp.close();
    }
  });

  it('are refused without the admin token', async () => {
    const t = await setup();
    const c = await t.openConversation();
    const res = await t.call('POST', `/admin/v1/conversations/${c.id}/messages`, { text: 'hei' }, t.withToken(c.token));
    expect(res.status).toBe(401);
    expect((await t.call('GET', '/admin/v1/conversations')).status).toBe(401);
  });
});

describe('the staff queue', () => {
  it('lists open conversations with the newest activity first', async () => {
    const t = await setup();
    const first = await t.openConversation();
    t.state.now = new Date(t.state.now.getTime() + 1000);
    const second = await t.openConversation();
    t.state.now = new Date(t.state.now.getTime() + 1000);
    await t.call('POST', `/v1/conversations/${first.id}/messages`, { id: messageId(), text: 'klage' }, t.withToken(first.token));
    const { conversations } = await (await t.call('GET', '/admin/v1/conversations', undefined, t.asStaff)).json();
    expect(conversations.map((c: { id: string }) => c.id)).toEqual([first.id, second.id]);
  });
});

describe('ending a conversation', () => {
  it('erases its messages and makes its token useless', async () => {
    const t = await setup();
    const c = await t.openConversation();
    await t.call('POST', `/v1/conversations/${c.id}/messages`, { id: messageId(), text: 'slett meg' }, t.withToken(c.token));
    expect((await t.call('DELETE', `/v1/conversations/${c.id}`, undefined, t.withToken(c.token))).status).toBe(204);
    expect((await t.call('GET', `/v1/conversations/${c.id}/messages`, undefined, t.withToken(c.token))).status).toBe(404);
    const db = new Database(t.dbPath, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?').get(c.id) as { n: number }).n).toBe(0);
    db.close();
    const { conversations } = await (await t.call('GET', '/admin/v1/conversations', undefined, t.asStaff)).json();
    expect(conversations).toEqual([]);
  });
});

describe('POST /v1/sites/:key/answers', () => {
  it('answers a quick-reply chip without opening a conversation', async () => {
    const t = await setup();
    const res = await t.call('POST', `/v1/sites/${SITE}/answers`, { lang: 'en', question: 'who do you share data with' });
    expect(res.status).toBe(200);
    const { answers } = await res.json();
    expect(answers[0].sectionId).toBe('do-we-share-your-data-with-others');
    expect((await t.call('POST', '/v1/sites/pk_unknown_site/answers', { lang: 'en', question: 'x' })).status).toBe(404);
  });
});
