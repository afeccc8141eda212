import { randomUUID } from 'node:crypto';
import type { ChatMessage } from '../../../protocol/index.ts';
import type { Logger } from '../../log.ts';
import type { Sql } from '../../store/postgres/connect.ts';
import type { Store } from '../../store/index.ts';
import { createMemoryBus, type MessageBus } from './memory-bus.ts';

const CHANNEL = 'samtykke_chat';

export interface PostgresBusOptions {
  /** A client of its own: LISTEN holds one connection for as long as the bus lives. */
  sql: Sql;
  /** Where a message announced by another instance is read from (sealed at rest, never in a NOTIFY). */
  store: Pick<Store, 'messagesAfter'>;
  clock: () => Date;
  log: Logger;
  /** How often this instance says its streams are still open. @default 10_000 */
  heartbeatMs?: number;
  /** Streams not confirmed for this long (their instance died) stop counting. @default 35_000 */
  staleAfterMs?: number;
}

export interface PostgresBus extends MessageBus {
  /** Unlistens, forgets this instance's streams and stops the heartbeat. The `sql` client stays open. */
  close(): Promise<void>;
}

/**
 * The chat bus across instances: a message published here reaches streams here at once and is
 * announced with NOTIFY (conversation id and seq only: no text, no address); every other instance
 * reads it from the store for the streams it holds. Who is watching lives in `live_streams`, so a
 * staff reply sent through one instance knows that the visitor is streaming from another.
 */
export async function createPostgresBus({ sql, store, clock, log, heartbeatMs = 10_000, staleAfterMs = 35_000 }: PostgresBusOptions): Promise<PostgresBus> {
  const instance = randomUUID();
  const local = createMemoryBus();
  // Presence writes for one conversation run in order, so a quick open-close never ends as "open".
  const pending = new Map<string, Promise<void>>();
  const counts = new Map<string, number>();

  const writePresence = (conversationId: string) => {
    const run = async () => {
      const n = counts.get(conversationId) ?? 0;
      const at = clock().toISOString();
      if (n > 0) {
        await sql`INSERT INTO live_streams (instance, conversation_id, streams, seen_at) VALUES (${instance}, ${conversationId}, ${n}, ${at})
                  ON CONFLICT (conversation_id, instance) DO UPDATE SET streams = excluded.streams, seen_at = excluded.seen_at`;
      } else {
        await sql`DELETE FROM live_streams WHERE instance = ${instance} AND conversation_id = ${conversationId}`;
      }
    };
    const next = (pending.get(conversationId) ?? Promise.resolve())
      .then(run)
      .catch((error: Error) => log.error('chat presence write failed', { error: error.name }));
    pending.set(conversationId, next);
    void next.finally(() => pending.get(conversationId) === next && pending.delete(conversationId));
    return next;
  };

  const { unlisten } = await sql.listen(CHANNEL, (payload) => {
    void deliverAnnounced(payload);
  });

  async function deliverAnnounced(payload: string) {
    let note: { from?: unknown; conversationId?: unknown; seq?: unknown };
    try {
      note = JSON.parse(payload) as typeof note;
    } catch {
      return;
    }
    if (note.from === instance || typeof note.conversationId !== 'string' || typeof note.seq !== 'number') return;
    if ((counts.get(note.conversationId) ?? 0) === 0) return;
    try {
      const [message] = await store.messagesAfter(note.conversationId, note.seq - 1, 1);
      if (message && message.seq === note.seq) local.publish(note.conversationId, message);
    } catch (error) {
      // The stream's heartbeat re-reads the conversation; a missed push is not a lost message.
      log.error('chat announcement could not be read', { error: (error as Error).name });
    }
  }

  const heartbeat = setInterval(() => {
    sql`UPDATE live_streams SET seen_at = ${clock().toISOString()} WHERE instance = ${instance}`.catch((error: Error) =>
      log.error('chat presence heartbeat failed', { error: error.name }),
    );
  }, heartbeatMs);
  heartbeat.unref();

  return {
    publish(conversationId: string, message: ChatMessage) {
      local.publish(conversationId, message);
      sql.notify(CHANNEL, JSON.stringify({ from: instance, conversationId, seq: message.seq })).catch((error: Error) =>
        log.error('chat announcement failed', { error: error.name }),
      );
    },
    subscribe(conversationId, listener) {
      const stop = local.subscribe(conversationId, listener);
      counts.set(conversationId, (counts.get(conversationId) ?? 0) + 1);
      void writePresence(conversationId);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        stop();
        const n = (counts.get(conversationId) ?? 1) - 1;
        if (n > 0) counts.set(conversationId, n);
        else counts.delete(conversationId);
        void writePresence(conversationId);
      };
    },
    async listeners(conversationId) {
      await pending.get(conversationId);
      const since = new Date(clock().getTime() - staleAfterMs).toISOString();
      const [row] = await sql<{ n: number }[]>`SELECT COALESCE(SUM(streams), 0)::int AS n FROM live_streams WHERE conversation_id = ${conversationId} AND seen_at > ${since}`;
      return row?.n ?? 0;
    },
    async close() {
      clearInterval(heartbeat);
      await Promise.all(pending.values());
      await unlisten().catch(() => undefined);
      await sql`DELETE FROM live_streams WHERE instance = ${instance}`.catch(() => undefined);
    },
  };
}
