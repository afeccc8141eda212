import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxItem } from '../../protocol/index.ts';

export interface OutboxDB extends DBSchema {
  outbox: { key: string; value: OutboxItem };
}

export type OutboxDatabase = IDBPDatabase<OutboxDB>;

const NAME = 'samtykke';
const VERSION = 1;

/** Opens the outbox; resolves to undefined where IndexedDB is missing or refused. */
export async function openOutbox(): Promise<OutboxDatabase | undefined> {
  try {
    return await openDB<OutboxDB>(NAME, VERSION, {
      upgrade(db, oldVersion) {
        // Ids are UUIDv7, so key order is creation order: the oldest choice is sent first.
        if (oldVersion < 1) db.createObjectStore('outbox', { keyPath: 'id' });
      },
    });
  } catch {
    return undefined;
  }
}
