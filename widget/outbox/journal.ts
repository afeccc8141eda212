import type { OutboxItem } from '../../protocol/index.ts';
import { JOURNAL_KEY, PENDING_KEY } from '../boot/context.ts';
import { readJson, removeKey, writeJson } from '../util/index.ts';

/**
 * A synchronous write-ahead copy in localStorage. A submit usually unloads the page at once, and
 * an IndexedDB transaction still open then is lost; localStorage.setItem has finished when it
 * returns. Its presence is also the cheap flag the loader checks on the next page.
 */
export function journalItems(): OutboxItem[] {
  return readJson<OutboxItem[]>(JOURNAL_KEY, []);
}

export function journalAdd(item: OutboxItem): boolean {
  const items = journalItems().filter((i) => i.id !== item.id);
  items.push(item);
  writeJson(PENDING_KEY, 1);
  return writeJson(JOURNAL_KEY, items);
}

export function journalRemove(ids: Iterable<string>): void {
  const gone = new Set(ids);
  const items = journalItems().filter((i) => !gone.has(i.id));
  if (items.length) writeJson(JOURNAL_KEY, items);
  else removeKey(JOURNAL_KEY);
}
