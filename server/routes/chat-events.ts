import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ChatMessage } from '../../protocol/index.ts';
import { ApiError } from '../errors.ts';
import type { ChatDeps } from '../services/chat-deps.ts';
import type { Store } from '../store/index.ts';

/** Streams per conversation at once: a few tabs, not a flood. */
const MAX_STREAMS = 5;

/**
 * `text/event-stream` of the conversation's messages after `after`: first what was missed, then
 * each new one as the bus brings it, as unnamed events (EventSource's `onmessage`) with the seq as
 * event id, so a reconnecting browser resumes from `Last-Event-ID`. A comment line every
 * `heartbeatSeconds` keeps proxies from closing an idle stream and notices a conversation ended.
 */
export async function conversationEvents(c: Context, { store, chat, conversationId, after }: { store: Store; chat: ChatDeps; conversationId: string; after: number }) {
  if ((await chat.bus.listeners(conversationId)) >= MAX_STREAMS) {
    c.header('Retry-After', '30');
    throw new ApiError(429, 'too_many_streams', `At most ${MAX_STREAMS} open streams per conversation.`);
  }
  c.header('Cache-Control', 'no-store');
  // Tells nginx-style proxies not to buffer the stream.
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    let lastSeq = after;
    let queue: ChatMessage[] = [];
    let wake: (() => void) | undefined;
    // Subscribe before reading the backlog, so nothing stored in between is lost.
    const unsubscribe = chat.bus.subscribe(conversationId, (m) => {
      queue.push(m);
      wake?.();
    });
    let open = true;
    stream.onAbort(() => {
      open = false;
      unsubscribe();
      wake?.();
    });
    const send = async (messages: ChatMessage[]) => {
      for (const m of messages.sort((a, b) => a.seq - b.seq)) {
        if (m.seq <= lastSeq) continue;
        await stream.writeSSE({ id: String(m.seq), data: JSON.stringify(m) });
        lastSeq = m.seq;
      }
    };
    try {
      await stream.writeSSE({ event: 'ready', data: String(lastSeq), retry: 2000 });
      await send(await store.messagesAfter(conversationId, after));
      while (open) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, chat.heartbeatSeconds * 1000);
        });
        clearTimeout(timer);
        wake = undefined;
        if (!open) break;
        const batch = queue;
        queue = [];
        if (batch.length) await send(batch);
        else {
          // Ended by the visitor (or the store is closing): the stream has nothing more to say.
          let alive = false;
          try {
            alive = await store.getConversation(conversationId) !== undefined;
          } catch {
            /* closed store */
          }
          if (!alive) break;
          await stream.write(': keep-alive\n\n');
        }
      }
    } finally {
      unsubscribe();
    }
  });
}
