import type { ChatMessage } from '../../protocol/index.ts';
import type { AppDeps } from '../app-deps.ts';
import { ApiError } from '../errors.ts';
import type { StoredConversation } from '../store/index.ts';
import type { ChatDeps } from './chat-deps.ts';
import { templates } from './mail/index.ts';

export type StaffReplyDelivery = 'live' | 'email' | 'stored';

/**
 * A staff member's reply, the same from the console and the admin API: stored first, then pushed
 * to the visitor's open stream, or emailed when nobody is watching and the visitor left an
 * address. A failed mail is logged without the address; the reply is kept all the same, so the
 * visitor sees it on their next visit.
 */
export async function sendStaffReply(
  { store, clock, log }: Pick<AppDeps, 'store' | 'clock' | 'log'>,
  chat: Pick<ChatDeps, 'bus' | 'mailer'>,
  conversation: StoredConversation,
  text: string,
): Promise<{ message: ChatMessage; delivery: StaffReplyDelivery }> {
  if (conversation.closedAt) throw closedError();
  const message: ChatMessage = await store.appendMessage(conversation.id, { id: crypto.randomUUID(), author: 'staff', text, at: clock() });
  if ((await chat.bus.listeners(conversation.id)) > 0) {
    chat.bus.publish(conversation.id, message);
    return { message, delivery: 'live' };
  }
  if (!conversation.replyEmail) return { message, delivery: 'stored' };
  try {
    const siteName = (await store.getSite(conversation.site))?.settings.name ?? '';
    await chat.mailer.send({ ...templates.staffReply({ lang: conversation.lang, siteName, text }), to: conversation.replyEmail, kind: 'staff-reply' });
    return { message, delivery: 'email' };
  } catch (error) {
    log.error('staff reply mail failed', { error: (error as Error).name });
    return { message, delivery: 'stored' };
  }
}

/** Staff closed the conversation: neither side writes in it again (the visitor starts a new one). */
export function closedError(): ApiError {
  return new ApiError(409, 'conversation_closed', 'This conversation was closed by staff; no more messages can be sent in it. Start a new conversation.');
}
