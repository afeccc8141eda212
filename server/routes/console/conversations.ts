import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { StaffReply } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { accessFrom, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import type { ChatDeps } from '../../services/chat-deps.ts';
import { sendStaffReply } from '../../services/staff-reply.ts';
import { jsonBody, parse } from './parse.ts';

/** How often the staff stream looks for new messages. Visitor messages are stored, not put on the bus. */
const POLL_MS = 1000;

/**
 * The inbox. The staff stream reads the store rather than the bus on purpose: the bus's listener
 * count tells a staff reply whether the *visitor* is watching (live) or must be emailed.
 */
export function conversationRoutes({ store, clock, log }: AppDeps, chat: ChatDeps) {
  // Another site's conversation answers as one that is not there.
  const conversation = async (c: Context<ConsoleEnv>, id: string) => {
    const found = await store.getConversation(id);
    accessFrom(c).require(found?.site, 'agent', new ApiError(404, 'not_found', 'No open conversation with this id.'));
    return found!;
  };
  const closedAt = async (id: string) => (await store.listAudit({ target: `conversation:${id}`, limit: 1 })).find((e) => e.action === 'conversation.close')?.at;

  return new Hono<ConsoleEnv>()
    .get('/', async (c) => {
      const list = await store.listConversations({ ...accessFrom(c).scope(c.req.query('site') || undefined), limit: 200 });
      // Closed by staff until the visitor writes again.
      return c.json({ conversations: await Promise.all(list.map(async (x) => ({ ...x, closed: ((await closedAt(x.id)) ?? '') >= x.lastActivityAt }))) });
    })
    .get('/:id', async (c) => {
      const found = await conversation(c, c.req.param('id'));
      const { tokenHash: _secret, replyEmail, ...visible } = found;
      const subjects = replyEmail ? await store.subjectsByEmail(replyEmail) : [];
      // An erased person stays hidden here too.
      const email = replyEmail && !subjects.some((s) => s.erasedAt) ? replyEmail : null;
      return c.json({
        conversation: { ...visible, replyEmail: email, live: (await chat.bus.listeners(found.id)) > 0, closed: (await closedAt(found.id) ?? '') >= found.lastActivityAt },
        messages: await store.messagesAfter(found.id, 0, 1000),
        consents: email ? { subjects, records: await store.consentHistory(email) } : null,
      });
    })
    .get('/:id/events', async (c) => {
      const found = await conversation(c, c.req.param('id'));
      const after = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? 0) || 0;
      c.header('Cache-Control', 'no-store');
      c.header('X-Accel-Buffering', 'no');
      return streamSSE(c, async (stream) => {
        let lastSeq = after;
        let open = true;
        stream.onAbort(() => {
          open = false;
        });
        await stream.writeSSE({ event: 'ready', data: String(lastSeq), retry: 2000 });
        while (open) {
          if (!await store.getConversation(found.id)) break;
          for (const m of await store.messagesAfter(found.id, lastSeq)) {
            await stream.writeSSE({ id: String(m.seq), data: JSON.stringify(m) });
            lastSeq = m.seq;
          }
          await stream.sleep(POLL_MS);
        }
      });
    })
    .post('/:id/messages', async (c) => {
      const found = await conversation(c, c.req.param('id'));
      const { text } = parse(StaffReply, await jsonBody(c), 'Give the reply as text.');
      const { message, delivery } = await sendStaffReply({ store, clock, log }, chat, found, text);
      await store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action: 'conversation.reply', target: `conversation:${found.id}`, site: found.site, detail: { delivery } });
      return c.json({ message, delivery }, 201);
    })
    .post('/:id/close', async (c) => {
      const found = await conversation(c, c.req.param('id'));
      await store.appendAudit({ at: clock(), accountId: c.get('session').account.id, action: 'conversation.close', target: `conversation:${found.id}`, site: found.site });
      return c.json({ ok: true });
    });
}
