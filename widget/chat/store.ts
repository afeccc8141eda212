import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PolicyAnswer, RightsKind, RightsStatus } from '../../protocol/index.ts';

/** One line in the chat as this browser keeps it. */
export interface Entry {
  /** The server's id; for the visitor's own messages the client-made id, which the server keeps. */
  id: string;
  site: string;
  author: 'visitor' | 'bot' | 'staff' | 'note';
  text: string;
  at: string;
  /** Display order in this browser: arrival order. */
  order: number;
  seq?: number;
  answers?: PolicyAnswer[];
  /** A bot answer to a question that asks to use a right: the request it offers to start. */
  request?: RightsKind;
  /** The visitor's messages: written here before they are sent, `sent` once the server has them. */
  state?: 'queued' | 'sent' | 'failed';
  toPerson?: boolean;
  /** Quick-reply questions and their answers: asked of the policy, never part of the conversation. */
  local?: boolean;
  /** Staff closed the conversation with this line: nothing more can be written in it. */
  closes?: boolean;
}

export interface SavedConversation {
  site: string;
  id: string;
  token: string;
  /** The visitor asked for a person: later messages go to staff, not to the policy search. */
  withPerson?: boolean;
}

export interface SavedRequest {
  id: string;
  site: string;
  token: string;
  kind: RightsKind;
  status: RightsStatus;
  reference?: string;
  receivedAt?: string;
  dueAt?: string;
}

interface ChatDB extends DBSchema {
  conversation: { key: string; value: SavedConversation };
  messages: { key: string; value: Entry };
  requests: { key: string; value: SavedRequest };
}

export type ChatDatabase = IDBPDatabase<ChatDB>;

/** Its own database, so the chat's schema changes never need a version bump of the consent outbox. */
const NAME = 'samtykke-chat';
const ERASE = '#erase';
const VERSION = 1;

/** Resolves to undefined where IndexedDB is missing or refused: the chat then lives for this page only. */
export async function openChatDB(): Promise<ChatDatabase | undefined> {
  try {
    return await openDB<ChatDB>(NAME, VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore('conversation', { keyPath: 'site' });
          db.createObjectStore('messages', { keyPath: 'id' });
          db.createObjectStore('requests', { keyPath: 'id' });
        }
      },
    });
  } catch {
    return undefined;
  }
}

/**
 * Each function is one short transaction with nothing else awaited inside it (idb's advice), and
 * none throws: a browser that refuses storage still gets a working chat for this page.
 */
export function chatStore(db: Promise<ChatDatabase | undefined>, site: string) {
  const run = async <T>(fn: (d: ChatDatabase) => Promise<T>, fallback: T): Promise<T> => {
    try {
      const d = await db;
      return d ? await fn(d) : fallback;
    } catch {
      return fallback;
    }
  };
  return {
    async load(): Promise<{ conversation?: SavedConversation; entries: Entry[]; requests: SavedRequest[] }> {
      return run(
        async (d) => {
          const tx = d.transaction(['conversation', 'messages', 'requests']);
          const [conversation, entries, requests] = await Promise.all([
            tx.objectStore('conversation').get(site),
            tx.objectStore('messages').getAll(),
            tx.objectStore('requests').getAll(),
          ]);
          return {
            conversation,
            entries: entries.filter((e) => e.site === site).sort((a, b) => a.order - b.order),
            requests: requests.filter((r) => r.site === site),
          };
        },
        { conversation: undefined, entries: [], requests: [] },
      );
    },
    putEntries: (entries: Entry[]) =>
      run(async (d) => {
        const tx = d.transaction('messages', 'readwrite');
        await Promise.all([...entries.map((e) => tx.store.put(e)), tx.done]);
      }, undefined),
    removeEntry: (id: string) => run((d) => d.delete('messages', id), undefined),
    putConversation: (c: SavedConversation) => run((d) => d.put('conversation', c).then(() => {}), undefined),
    /**
     * A conversation the visitor erased while the server could not be told: only its id and token,
     * kept until the server has deleted it too.
     */
    pendingErase: () => run((d) => d.get('conversation', site + ERASE), undefined),
    setPendingErase: (c: SavedConversation | undefined) =>
      run((d) => (c ? d.put('conversation', { site: site + ERASE, id: c.id, token: c.token }) : d.delete('conversation', site + ERASE)).then(() => {}), undefined),
    /** A closed conversation set aside for a new one: its lines and token go, the requests stay. */
    forgetConversation: () =>
      run(async (d) => {
        const tx = d.transaction(['conversation', 'messages'], 'readwrite');
        const messages = tx.objectStore('messages');
        const entries = await messages.getAll();
        await Promise.all([tx.objectStore('conversation').delete(site), ...entries.filter((e) => e.site === site).map((e) => messages.delete(e.id)), tx.done]);
      }, undefined),
    putRequest: (r: SavedRequest) => run((d) => d.put('requests', r).then(() => {}), undefined),
    /** End and erase: everything this site's chat kept in this browser. */
    eraseAll: () =>
      run(async (d) => {
        const tx = d.transaction(['conversation', 'messages', 'requests'], 'readwrite');
        const messages = tx.objectStore('messages');
        const requests = tx.objectStore('requests');
        const [entryKeys, requestList] = await Promise.all([messages.getAll(), requests.getAll()]);
        await Promise.all([
          tx.objectStore('conversation').delete(site),
          ...entryKeys.filter((e) => e.site === site).map((e) => messages.delete(e.id)),
          ...requestList.filter((r) => r.site === site).map((r) => requests.delete(r.id)),
          tx.done,
        ]);
      }, undefined),
  };
}

export type ChatStore = ReturnType<typeof chatStore>;
