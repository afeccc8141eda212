import type { ChatMessage } from '../../../protocol/index.ts';

/**
 * Who is listening for a conversation's new messages. In-process for one server; the PostgreSQL
 * bus (LISTEN/NOTIFY, postgres-bus.ts) implements the same three methods across instances.
 */
export interface MessageBus {
  publish(conversationId: string, message: ChatMessage): void;
  /** Returns the unsubscribe function; call it when the stream closes. */
  subscribe(conversationId: string, listener: (message: ChatMessage) => void): () => void;
  /** Open streams for the conversation on every instance; 0 means the visitor is not watching. */
  listeners(conversationId: string): Promise<number>;
}

export function createMemoryBus(): MessageBus {
  const topics = new Map<string, Set<(message: ChatMessage) => void>>();
  return {
    publish(conversationId, message) {
      for (const listener of [...(topics.get(conversationId) ?? [])]) {
        try {
          listener(message);
        } catch {
          /* one broken stream must not stop delivery to the others */
        }
      }
    },
    subscribe(conversationId, listener) {
      let set = topics.get(conversationId);
      if (!set) topics.set(conversationId, (set = new Set()));
      set.add(listener);
      return () => {
        set!.delete(listener);
        if (set!.size === 0 && topics.get(conversationId) === set) topics.delete(conversationId);
      };
    },
    listeners: async (conversationId) => topics.get(conversationId)?.size ?? 0,
  };
}
