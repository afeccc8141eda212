import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ConversationAssign, ConversationListQuery, ConversationRead, StaffReply, type InboxConversation, type InboxCounts, type InboxList } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { accessFrom, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import type { ChatDeps } from '../../services/chat-deps.ts';
import { hideErasedConversations } from '../../services/erasure.ts';
import { closedError, sendStaffReply } from '../../services/staff-reply.ts';
import type { InboxConversation as StoredInboxConversation, Store } from '../../store/index.ts';
import { BOT_TEXT } from '../chat-support.ts';
import { jsonBody, parse } from './parse.ts';

/** How often the staff stream looks for new messages. Visitor messages are stored, not put on the bus. */
const POLL_MS = 1000;

/**
 * The inbox, after Chatwoot's: the list with preview, unread (per staff member), waiting for a
 * person, assignee and counters; a conversation with the visitor's consents on its site; replies;
 * assign; close. The staff stream reads the store rather than the bus on purpose: the bus's
 * listener count tells a staff reply whether the *visitor* is watching (live) or must be emailed.
 */
export function conversationRoutes({ store, clock, log }: AppDeps, chat: ChatDeps) {
  // Another site's conversation answers as one that is not there.
  const conversation = async (c: Context<ConsoleEnv>, id: string) => {
    const found = await store.getConversation(id);
    accessFrom(c).require(found?.site, 'agent', new ApiError(404, 'not_found', 'No open conversation with this id.'));
    return found!;
  };
  const me = (c: Context<ConsoleEnv>) => c.get('session').account.id;
  const audit = (c: Context<ConsoleEnv>, action: string, found: { id: string; site: string }, detail?: Record<string, unknown>) =>
    store.appendAudit({ at: clock(), accountId: me(c), action, target: `conversation:${found.id}`, site: found.site, ...(detail ? { detail } : {}) });

  return new Hono<ConsoleEnv>()
    .get('/', async (c) => {
      const q = parse(ConversationListQuery, c.req.query(), 'Give state as open, closed or all.');
      const rows = await store.listInbox({ ...accessFrom(c).scope(q.site), reader: me(c), limit: 500 });
      const all = await toInbox(store, rows);
      const counts: InboxCounts = {
        open: all.filter((x) => !x.closedAt).length,
        closed: all.filter((x) => x.closedAt).length,
        waiting: all.filter((x) => x.waiting).length,
        unread: all.filter((x) => !x.closedAt).reduce((sum, x) => sum + x.unread, 0),
        mine: all.filter((x) => !x.closedAt && x.assignedTo?.id === me(c)).length,
      };
      const conversations = all.filter((x) => q.state === 'all' || (q.state === 'closed') === (x.closedAt !== null));
      return c.json({ conversations, counts } satisfies InboxList);
    })
    .get('/:id', async (c) => {
      const found = await conversation(c, c.req.param('id'));
      const { tokenHash: _secret, replyEmail: _sealed, ...visible } = found;
      const email = (await hideErasedConversations(store, [found]))[0]!.replyEmail;
      // Only this site's consents: the same address on another site is another controller's business.
      const subjects = email ? (await store.subjectsByEmail(email)).filter((s) => s.site === found.site) : [];
      const assignee = found.assignedTo === null ? undefined : await store.findAccount(found.assignedTo);
      return c.json({
        conversation: {
          ...visible,
          replyEmail: email,
          siteName: (await store.getSite(found.site))?.settings.name ?? found.site,
          assignedTo: assignee ? { id: assignee.id, email: assignee.email } : null,
          live: (await chat.bus.listeners(found.id)) > 0,
          closed: found.closedAt !== null,
        },
        messages: await store.messagesAfter(found.id, 0, 1000),
        consents: email ? { subjects, records: await store.consentHistory(email, found.site) } : null,
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
      // Writing is reading: the staff member has seen everything up to their own reply.
      await store.markConversationRead(found.id, me(c), message.seq);
      await audit(c, 'conversation.reply', found, { delivery });
      return c.json({ message, delivery }, 201);
    })
    .post('/:id/read', async (c) => {
      const found = await conversation(c, c.req.param('id'));
      const { seq } = parse(ConversationRead, await jsonBody(c), 'Give the seq of the last message read.');
      await store.markConversationRead(found.id, me(c), seq);
      return c.json({ ok: true });
    })
    .post('/:id/assign', async (c) => {
      const found = await conversation(c, c.req.param('id'));
      const { to } = parse(ConversationAssign, await jsonBody(c), 'Give to as me or nobody.');
      if (found.closedAt) throw closedError();
      await store.assignConversation(found.id, to === 'me' ? me(c) : null);
      await audit(c, to === 'me' ? 'conversation.assign' : 'conversation.unassign', found);
      return c.json({ ok: true, assignedTo: to === 'me' ? { id: me(c), email: c.get('session').account.email } : null });
    })
    .post('/:id/close', async (c) => {
      const found = await conversation(c, c.req.param('id'));
      if (found.closedAt) throw new ApiError(409, 'already_closed', 'This conversation is already closed.');
      const siteName = (await store.getSite(found.site))?.settings.name ?? '';
      // The visitor is told in their own language, in the conversation itself: live if they are
      // watching, on their next visit otherwise. Then the conversation takes no more messages.
      const note = await store.appendMessage(found.id, { id: crypto.randomUUID(), author: 'bot', text: BOT_TEXT.closed(found.lang, siteName), closes: true, at: clock() });
      if (!await store.closeConversation(found.id, clock())) throw new ApiError(409, 'already_closed', 'This conversation is already closed.');
      chat.bus.publish(found.id, note);
      await store.markConversationRead(found.id, me(c), note.seq);
      await audit(c, 'conversation.close', found);
      return c.json({ ok: true, message: note });
    });
}

/** The stored rows as the inbox answers them: erased people's addresses blanked, assignees by address, waiting worked out. */
async function toInbox(store: Store, rows: StoredInboxConversation[]): Promise<InboxConversation[]> {
  const shown = await hideErasedConversations(store, rows);
  const accounts = new Map<number, Promise<string | undefined>>();
  const sites = new Map<string, Promise<string>>();
  const accountEmail = (id: number) => {
    if (!accounts.has(id)) accounts.set(id, Promise.resolve(store.findAccount(id)).then((a) => a?.email));
    return accounts.get(id)!;
  };
  const siteName = (key: string) => {
    if (!sites.has(key)) sites.set(key, Promise.resolve(store.getSite(key)).then((s) => s?.settings.name || key));
    return sites.get(key)!;
  };
  return Promise.all(
    shown.map(async (x) => {
      const assignee = x.assignedTo === null ? undefined : await accountEmail(x.assignedTo);
      return {
        id: x.id,
        site: x.site,
        siteName: await siteName(x.site),
        lang: x.lang,
        createdAt: x.createdAt,
        lastActivityAt: x.lastActivityAt,
        messageCount: x.messageCount,
        email: x.replyEmail,
        handedOverAt: x.handedOverAt,
        waiting: x.handedOverAt !== null && x.closedAt === null && x.last?.author !== 'staff',
        unread: x.unread,
        assignedTo: x.assignedTo !== null && assignee ? { id: x.assignedTo, email: assignee } : null,
        closedAt: x.closedAt,
        last: x.last,
      };
    }),
  );
}
