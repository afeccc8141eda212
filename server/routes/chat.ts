import { Hono, type Context } from 'hono';
import { Handover, OpenConversation, PostMessage, type ChatMessage, type PostedMessage } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError } from '../errors.ts';
import type { ChatDeps } from '../services/chat-deps.ts';
import type { StoredConversation } from '../store/index.ts';
import { closedError } from '../services/staff-reply.ts';
import { randomToken, sha256Hex } from '../util/crypto.ts';
import { BOT_TEXT, bearer, checkOriginIfAny, clientKey, enforce, findAnswers, matchToken, readJson, requireSiteOrigin } from './chat-support.ts';
import { conversationEvents } from './chat-events.ts';

/** The visitor's side of a conversation: open, write, hand over, catch up, stream, end. */
export function chatRoutes(deps: AppDeps, chat: ChatDeps) {
  const { store, clock, log } = deps;

  /** The caller's own conversation, or 404 (unknown id and wrong token alike). */
  const own = async (c: Context, token = bearer(c)): Promise<StoredConversation> => {
    const conversation = matchToken(await store.getConversation(c.req.param('id')!), token, 'conversation');
    checkOriginIfAny(c, await store.getSite(conversation.site));
    return conversation;
  };

  return new Hono()
    .post('/', async (c) => {
      const body = await readJson(c, OpenConversation);
      const site = await store.getSite(body.site);
      if (!site) throw new ApiError(404, 'unknown_site', 'No site has this key.');
      requireSiteOrigin(c, site);
      await enforce(c, chat.limits.writesPerClient, clientKey(c, deps));
      const id = crypto.randomUUID();
      // 32 random bytes; only its SHA-256 is stored, so a copied database opens no conversation.
      const token = randomToken('');
      await store.createConversation({ id, site: body.site, lang: body.lang, tokenHash: sha256Hex(token), at: clock() });
      log.info('conversation opened', { site: body.site });
      return c.json({ id, token }, 201);
    })

    .post('/:id/messages', async (c) => {
      const conversation = await own(c);
      const body = await readJson(c, PostMessage);
      // The outbox sent it twice: same text, same answer; another text under the same id is a bug.
      const answerKnown = async (known: NonNullable<Awaited<ReturnType<typeof store.findMessage>>>) => {
        if (known.author !== 'visitor' || known.text !== body.text || known.toPerson !== body.toPerson) {
          throw new ApiError(422, 'id_conflict', 'A different message was already sent with this id.');
        }
        const reply = await store.findReplyTo(conversation.id, body.id);
        return c.json({ message: stripFlag(known), ...(reply ? { reply } : {}) } satisfies PostedMessage);
      };
      const known = await store.findMessage(conversation.id, body.id);
      if (known) return answerKnown(known);
      if (conversation.closedAt) throw closedError();
      await enforce(c, chat.limits.messagesPerConversation, conversation.id);
      await enforce(c, chat.limits.writesPerClient, clientKey(c, deps));
      const at = clock();
      let message;
      try {
        message = await store.appendMessage(conversation.id, { id: body.id, author: 'visitor', text: body.text, toPerson: body.toPerson, at });
      } catch (error) {
        // The same id sent twice at once (to two instances, or a retry racing the first try): the
        // other copy was stored first and this one hit the unique key. It is a replay, not a failure.
        const stored = await store.findMessage(conversation.id, body.id);
        if (stored) return answerKnown(stored);
        throw error;
      }
      if (body.toPerson || conversation.status === 'handed-over') {
        if (conversation.status !== 'handed-over') await store.handOver(conversation.id, undefined, at);
        return c.json({ message } satisfies PostedMessage);
      }
      const site = (await store.getSite(conversation.site))?.settings;
      const { answers, request, text } = site ? await findAnswers(deps, chat, site, conversation.lang, body.text) : { answers: [], request: undefined, text: '' };
      const reply = await store.appendMessage(conversation.id, {
        id: crypto.randomUUID(),
        author: 'bot',
        text,
        ...(answers.length ? { answers } : {}),
        ...(request ? { request } : {}),
        replyTo: body.id,
        at,
      });
      return c.json({ message, reply } satisfies PostedMessage);
    })

    .post('/:id/handover', async (c) => {
      const conversation = await own(c);
      const body = await readJson(c, Handover);
      if (conversation.closedAt) throw closedError();
      await enforce(c, chat.limits.writesPerClient, clientKey(c, deps));
      const at = clock();
      await store.handOver(conversation.id, body.email, at);
      const siteName = (await store.getSite(conversation.site))?.settings.name ?? '';
      const note = await store.appendMessage(conversation.id, {
        id: crypto.randomUUID(),
        author: 'bot',
        text: BOT_TEXT.handedOver(conversation.lang, siteName, body.email !== undefined || conversation.replyEmail !== null),
        at,
      });
      chat.bus.publish(conversation.id, note);
      log.info('conversation handed over', { site: conversation.site, emailReply: body.email !== undefined });
      return c.json({ status: 'handed-over', emailReply: body.email !== undefined || conversation.replyEmail !== null, message: note });
    })

    .get('/:id/messages', async (c) => {
      const conversation = await own(c);
      return c.json({ messages: await store.messagesAfter(conversation.id, afterParam(c.req.query('after'))) });
    })

    // EventSource cannot send headers: the token comes as ?token=.
    .get('/:id/events', async (c) => {
      const conversation = await own(c, c.req.query('token') || bearer(c));
      const lastEventId = c.req.header('last-event-id');
      const after = Math.max(afterParam(c.req.query('after')), afterParam(lastEventId));
      return conversationEvents(c, { store, chat, conversationId: conversation.id, after });
    })

    .delete('/:id', async (c) => {
      const conversation = await own(c);
      await store.endConversation(conversation.id, clock());
      log.info('conversation ended by visitor', { site: conversation.site });
      return c.body(null, 204);
    });
}

function afterParam(value: string | undefined): number {
  const n = Number(value ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

const stripFlag = ({ toPerson: _, ...message }: ChatMessage & { toPerson: boolean }): ChatMessage => message;
