import type { OutboxItem } from '../../protocol/index.ts';
import type { OutboxDatabase } from './db.ts';
import { journalAdd, journalItems, journalRemove } from './journal.ts';
import { PENDING_KEY } from '../boot/context.ts';
import { removeKey } from '../util/index.ts';

/**
 * The outbox's storage: IndexedDB when the browser has it, the journal otherwise. Each function
 * is one short transaction, with nothing else awaited inside it (idb's advice).
 */
export async function putItem(db: OutboxDatabase | undefined, item: OutboxItem): Promise<void> {
  journalAdd(item);
  if (!db) return;
  await db.put('outbox', item);
  journalRemove([item.id]);
}

/** Moves what an earlier page left in the journal into IndexedDB. */
export async function adoptJournal(db: OutboxDatabase | undefined): Promise<void> {
  const items = journalItems();
  if (!db || !items.length) return;
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all([...items.map((item) => tx.store.put(item)), tx.done]);
  journalRemove(items.map((i) => i.id));
}

/** The oldest items, at most `limit`, all for the same server and site. */
export async function takeBatch(db: OutboxDatabase | undefined, limit: number): Promise<OutboxItem[]> {
  const all = db ? await db.getAll('outbox', undefined, limit) : journalItems().slice(0, limit);
  const first = all[0];
  return first ? all.filter((i) => i.api === first.api && i.site === first.site) : [];
}

export async function removeItems(db: OutboxDatabase | undefined, ids: string[]): Promise<void> {
  if (!ids.length) return;
  journalRemove(ids);
  if (!db) return;
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
}

/** Counts what is left and clears the loader's flag once nothing is. */
export async function countItems(db: OutboxDatabase | undefined): Promise<number> {
  const count = (db ? await db.count('outbox') : 0) + journalItems().length;
  if (!count) removeKey(PENDING_KEY);
  return count;
}
