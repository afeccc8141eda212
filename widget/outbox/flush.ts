import type { OutboxItem } from '../../protocol/index.ts';
import { postEvents, type PostResult } from '../transport/index.ts';
import { logWarn } from '../util/index.ts';
import { openOutbox, type OutboxDatabase } from './db.ts';
import { markReceipts } from './receipts.ts';
import { journalAdd } from './journal.ts';
import { adoptJournal, countItems, putItem, removeItems, takeBatch } from './store.ts';

export interface OutboxOptions {
  /** @default postEvents */
  post?: typeof postEvents;
  /** @default openOutbox() */
  db?: Promise<OutboxDatabase | undefined>;
  /** Events per request; small, because keepalive requests share 64 KiB per page. @default 10 */
  batchSize?: number;
  /** @default 2000 */
  firstRetryMs?: number;
  /** @default 300000 */
  maxRetryMs?: number;
}

export interface Outbox {
  /** Keeps the item before anything is sent, then tries to send it at once. */
  enqueue(item: OutboxItem): Promise<void>;
  /** Sends everything waiting; one flush at a time, a second call joins the first. */
  flush(): Promise<void>;
  /** Items not yet acknowledged. */
  size(): Promise<number>;
  /** Resolves once nothing is being written or sent. */
  settled(): Promise<void>;
  stop(): void;
}

export function createOutbox({
  post = postEvents,
  db = openOutbox(),
  batchSize = 10,
  firstRetryMs = 2000,
  maxRetryMs = 300_000,
}: OutboxOptions = {}): Outbox {
  let running: Promise<void> | undefined;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const enqueuing = new Set<Promise<void>>();

  const retryLater = () => {
    failures++;
    clearTimeout(timer);
    const delay = Math.min(maxRetryMs, firstRetryMs * 2 ** (failures - 1)) * (0.75 + Math.random() / 2);
    timer = setTimeout(() => void flush(), delay);
  };

  async function drain(): Promise<void> {
    const database = await db;
    await adoptJournal(database);
    for (;;) {
      const batch = await takeBatch(database, batchSize);
      if (!batch.length) break;
      const outcome = settle(batch, await post(batch[0]!.api, batch[0]!.site, batch.map((i) => i.payload)));
      await removeItems(database, outcome.done);
      markReceipts(outcome.acked);
      if (outcome.retry || !outcome.done.length) return retryLater();
    }
    failures = 0;
    await countItems(database);
  }

  function flush(): Promise<void> {
    running ??= drain()
      .catch(() => retryLater())
      .finally(() => (running = undefined));
    return running;
  }

  return {
    enqueue(item) {
      // Both happen before the first await: a submit may unload the page in the next task, and
      // only the synchronous journal write and a keepalive request already started survive that.
      journalAdd(item);
      const sent = post(item.api, item.site, [item.payload]);
      const task = (async () => {
        const database = await db;
        await putItem(database, item);
        const outcome = settle([item], await sent);
        await removeItems(database, outcome.done);
        markReceipts(outcome.acked);
        await flush();
      })();
      enqueuing.add(task);
      return task.finally(() => enqueuing.delete(task));
    },
    flush,
    size: async () => countItems(await db),
    async settled() {
      while (enqueuing.size || running) await Promise.allSettled([...enqueuing, running]);
    },
    stop: () => clearTimeout(timer),
  };
}

/** Which items are finished with: acknowledged, or refused in a way no resend can change. */
function settle(batch: OutboxItem[], res: PostResult): { done: string[]; acked: string[]; retry: boolean } {
  const body = res.ok ? res.result : res.body;
  const acked = (body?.acked ?? []).map((a) => a.id);
  const refused = (res.ok || !res.retry ? body?.rejected ?? [] : []).map((r) => r.id).filter((id): id is string => !!id);
  for (const r of res.ok || !res.retry ? body?.rejected ?? [] : []) logWarn(`the server refused a consent record (${r.error}): ${r.message}`);
  const done = [...acked, ...refused].filter((id) => batch.some((i) => i.id === id));
  if (!res.ok && !res.retry && !done.length) {
    // 403/404/413/415 for the whole batch: a site setting is wrong. Keep the evidence and retry slowly.
    logWarn(`the server refused to store consent records (${res.status}${res.body?.message ? `: ${res.body.message}` : ''})`);
    return { done, acked, retry: true };
  }
  return { done, acked, retry: !res.ok && res.retry };
}
