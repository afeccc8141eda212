import { Hono } from 'hono';
import { StaffReply } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError } from '../errors.ts';
import { adminAuth } from '../middleware/admin-auth/index.ts';
import type { ChatDeps } from '../services/chat-deps.ts';
import { hideErased, hideErasedEvents } from '../services/erasure.ts';
import { sendStaffReply } from '../services/staff-reply.ts';
import { readJson } from './chat-support.ts';

/**
 * Staff API for the chat until the console exists (issue 5): the queue of conversations, a
 * conversation in full, a reply pushed to the visitor's stream or sent by email, and rights
 * requests by due date. Personal data is only ever answered here, behind the admin token.
 */
export function staffChatRoutes(deps: AppDeps, chat: ChatDeps) {
  const { store, clock, log } = deps;
  const auth = adminAuth({ store });
  const conversation = async (id: string) => {
    const found = await store.getConversation(id);
    if (!found) throw new ApiError(404, 'not_found', 'No open conversation with this id.');
    return found;
  };

  return new Hono()
    .use('/conversations', auth)
    .use('/conversations/*', auth)
    .use('/requests', auth)
    .use('/requests/*', auth)
    .get('/conversations', async (c) => c.json({ conversations: await store.listConversations({ site: c.req.query('site') || undefined }) }))
    .get('/conversations/:id', async (c) => {
      const found = await conversation(c.req.param('id'));
      const { tokenHash: _, ...visible } = found;
      return c.json({ conversation: { ...visible, live: (await chat.bus.listeners(found.id)) > 0 }, messages: await store.messagesAfter(found.id, 0, 1000) });
    })
    .post('/conversations/:id/messages', async (c) => {
      const found = await conversation(c.req.param('id'));
      const { text } = await readJson(c, StaffReply);
      const { message, delivery } = await sendStaffReply({ store, clock, log }, chat, found, text);
      log.info('staff reply', { site: found.site, delivery });
      return c.json({ message, delivery }, 201);
    })
    .get('/requests', async (c) => {
      const site = c.req.query('site') || undefined;
      return c.json({ requests: (await hideErased(store, await store.listRightsRequests({ site }))).map(({ tokenHash: _, ...r }) => r) });
    })
    .get('/requests/:id', async (c) => {
      const request = await store.getRightsRequest(c.req.param('id'));
      if (!request) throw new ApiError(404, 'not_found', 'No request with this id.');
      const [{ tokenHash: _, ...visible }] = (await hideErased(store, [request])) as [typeof request & { erased: boolean }];
      return c.json({ request: visible, events: hideErasedEvents(await store.requestEvents(request.id), visible.erased) });
    });
}
