import { batch, computed, effect, signal } from '@preact/signals';
import type { ChatMessage, Lang, RightsKind } from '../../protocol/index.ts';
import { CHAT_FLAG } from '../chat-launcher/index.ts';
import { removeKey, uuidv7, writeJson } from '../util/index.ts';
import { createChatClient, type Result } from './client.ts';
import { copyFor, type ChipKey, type ProblemKey } from './copy.ts';
import { readDraft, writeDraft } from './draft.ts';
import { connectLive } from './live.ts';
import { createRightsModel } from './rights-model.ts';
import { chatStore, openChatDB, type ChatDatabase, type Entry, type SavedConversation } from './store.ts';
import { EMAIL, plain, type FieldProblem } from './validate.ts';

export type View = 'chat' | 'rights' | 'handover' | 'erase';
export type Status = 'online' | 'offline' | 'sending' | 'withPerson' | 'closed';

export interface ChatModelOptions {
  api: string;
  site: string;
  lang: Lang;
  /** @default openChatDB() */
  db?: Promise<ChatDatabase | undefined>;
  /** @default globalThis.EventSource */
  EventSource?: typeof EventSource | undefined;
  /** First wait before sending again after a failure; doubles up to a minute. @default 3000 */
  retryMs?: number;
  /** @default 2000 */
  pollMs?: number;
}

export type ChatModel = ReturnType<typeof createChatModel>;

/**
 * The chat's whole state and every action on it. No DOM: components read `.value` and call these.
 * Longer than most files here because sending, the queue, live updates and erasing all touch the
 * same few signals; the rights flow, the wire, storage and the live connection live beside it.
 */
export function createChatModel({ api, site, lang, db, EventSource, retryMs = 3000, pollMs = 2000 }: ChatModelOptions) {
  const client = createChatClient(api, site);
  const store = chatStore(db ?? openChatDB(), site);
  const open = signal(false);
  const view = signal<View>('chat');
  const entries = signal<Entry[]>([]);
  const draft = signal(readDraft(site));
  const online = signal(typeof navigator === 'undefined' || navigator.onLine !== false);
  const conversation = signal<SavedConversation | undefined>(undefined);
  const problem = signal<ProblemKey | FieldProblem | undefined>(undefined);
  const busy = signal(false);
  /** An erased conversation the server has not yet been told about. */
  const erasing = signal(false);
  const queued = computed(() => entries.value.some((e) => e.state === 'queued'));
  /** Staff closed the conversation: the composer gives way to "start a new conversation". */
  const closed = computed(() => entries.value.some((e) => e.closes));
  // After a handover the header says a person has been asked, not only "connected" (issue 18).
  const status = computed<Status>(() =>
    closed.value ? 'closed' : !online.value ? 'offline' : queued.value ? 'sending' : conversation.value?.withPerson ? 'withPerson' : 'online',
  );
  const rights = createRightsModel({ client, store, site, lang, conversationId: () => conversation.value?.id });

  let order = 0;
  let stopLive: (() => void) | undefined;
  let running: Promise<void> | undefined;
  let opening: Promise<Result<SavedConversation>> | undefined;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const add = (entry: Omit<Entry, 'order' | 'site' | 'at'> & { at?: string }): Entry => {
    const full: Entry = { at: new Date().toISOString(), ...entry, site, order: ++order };
    entries.value = [...entries.value, full];
    return full;
  };

  /** A message from the server, in place of the line with the same id (or `replaces`), else appended. */
  const upsert = (m: ChatMessage, replaces = m.id): Entry => {
    const list = entries.value;
    const at = list.findIndex((e) => e.id === m.id || e.id === replaces);
    const entry: Entry = {
      id: m.id, site, author: m.author, text: m.text, at: m.at, seq: m.seq, order: at >= 0 ? list[at]!.order : ++order,
      ...(m.answers ? { answers: m.answers } : {}),
      ...(m.request ? { request: m.request } : {}),
      ...(m.author === 'visitor' ? { state: 'sent' as const, toPerson: list[at]?.toPerson } : {}),
      ...(m.closes ? { closes: true } : {}),
    };
    if (m.closes) stopLive?.();
    entries.value = at >= 0 ? list.map((e, i) => (i === at ? entry : e)) : [...list, entry];
    return entry;
  };

  const lastSeq = () => entries.value.reduce((max, e) => Math.max(max, e.seq ?? 0), 0);

  const startLive = (c: SavedConversation) => {
    stopLive?.();
    stopLive = connectLive({
      url: () => client.eventsUrl(c, lastSeq()),
      poll: () => client.messagesAfter(c, lastSeq()),
      onMessage: (m) => void store.putEntries([upsert(m)]),
      EventSource,
      pollMs,
    });
  };

  const ensureConversation = (): Promise<Result<SavedConversation>> => {
    if (conversation.value) return Promise.resolve({ ok: true, data: conversation.value });
    opening ??= client.openConversation(lang).then(async (res): Promise<Result<SavedConversation>> => {
      opening = undefined;
      if (!res.ok) return res;
      const saved: SavedConversation = { site, id: res.data.id, token: res.data.token };
      conversation.value = saved;
      await store.putConversation(saved);
      startLive(saved);
      return { ok: true, data: saved };
    });
    return opening;
  };

  /** Tells the server about an erase it missed (offline at the time); forgets the token once it knows. */
  const eraseOnServer = async () => {
    const pending = await store.pendingErase();
    if (!pending) return void (erasing.value = false);
    const res = await client.deleteConversation(pending);
    if (!res.ok && res.retry) return;
    await store.setPendingErase(undefined);
    erasing.value = false;
  };

  const retryLater = (res: { status: number }) => {
    if (res.status === 0) online.value = false;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void deliver(), Math.min(60_000, retryMs * 2 ** failures++));
  };

  /** Sends what is queued, oldest first, one at a time: in order, and once (the id is the idempotency key). */
  async function drain(): Promise<void> {
    await ready;
    let restarted = false;
    for (;;) {
      const item = entries.value.find((e) => e.state === 'queued');
      if (!item) return void (failures = 0);
      const c = await ensureConversation();
      if (!c.ok && c.retry) return retryLater(c);
      const res = c.ok ? await client.postMessage(c.data, { id: item.id, text: item.text, toPerson: !!item.toPerson }) : c;
      if (res.ok) {
        online.value = true;
        const saved = [upsert(res.data.message, item.id)];
        if (res.data.reply) saved.push(upsert(res.data.reply));
        await store.putEntries(saved);
        continue;
      }
      // Staff closed it while this waited: the text stays, not sent, and the visitor is told (once).
      if (res.status === 409 && res.error === 'conversation_closed') {
        const failed = { ...item, state: 'failed' as const };
        const note = closed.value ? [] : [add({ id: uuidv7(), author: 'note', text: 'closedText', closes: true, local: true })];
        entries.value = entries.value.map((e) => (e.id === item.id ? failed : e));
        stopLive?.();
        await store.putEntries([failed, ...note]);
        continue;
      }
      // The server no longer knows this conversation (erased, or purged after a long absence): start a new one.
      if ((res.status === 401 || res.status === 404) && !restarted && conversation.value) {
        restarted = true;
        stopLive?.();
        conversation.value = undefined;
        continue;
      }
      if (res.retry) return retryLater(res);
      // Refused for good (too long, invalid): the text stays on screen, marked as not sent.
      const failed = { ...item, state: 'failed' as const };
      entries.value = entries.value.map((e) => (e.id === item.id ? failed : e));
      await store.putEntries([failed]);
    }
  }

  function deliver(): Promise<void> {
    clearTimeout(retryTimer);
    running ??= drain().finally(() => (running = undefined));
    return running;
  }

  const ready = store.load().then((saved) => {
    batch(() => {
      entries.value = [...saved.entries, ...entries.value];
      conversation.value = saved.conversation;
      rights.restore(saved.requests);
    });
    order = saved.entries.reduce((max, e) => Math.max(max, e.order), 0);
    if (saved.conversation) startLive(saved.conversation);
    void rights.refresh();
    void eraseOnServer();
  });

  // The loader's cheap flag: reopen on the next page, or load the chunk there to send what waits.
  const stopDraft = effect(() => writeDraft(site, draft.value));
  const stopFlag = effect(() => {
    // Notes alone ("erased") are not a conversation worth reopening.
    const has = !!conversation.value || entries.value.some((e) => e.author !== 'note');
    const flag = open.value && has ? 'open' : queued.value || erasing.value ? 'queued' : undefined;
    if (flag) writeJson(CHAT_FLAG, flag);
    else removeKey(CHAT_FLAG);
  });

  const onOnline = () => {
    online.value = true;
    failures = 0;
    void deliver();
    void eraseOnServer();
  };
  const onOffline = () => (online.value = false);
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  void ready.then(() => deliver());

  const go = (next: View) =>
    batch(() => {
      problem.value = undefined;
      rights.problem.value = undefined;
      view.value = next;
      if (next === 'rights') rights.start();
    });

  return {
    open,
    view,
    entries,
    draft,
    status,
    conversation,
    closed,
    problem,
    busy,
    rights,
    ready,
    copy: copyFor(lang),
    lang,
    deliver,
    show: () => (open.value = true),
    close: () => batch(() => ((open.value = false), (view.value = 'chat'))),
    go,
    /** The request an answer suggested: the rights view, straight at that right's form. */
    request: (kind: RightsKind) =>
      batch(() => {
        go('rights');
        rights.pick(kind);
      }),
    /** Keeps the message before anything is sent, then tries to send it. */
    async send(): Promise<void> {
      const text = plain(draft.value.trim().slice(0, 2000)).trim();
      if (!text) return;
      // Emptied at once, not after the store has loaded: a fresh page opens IndexedDB slowly, and
      // a line typed meanwhile was wiped with it (seen in the outage test on a loaded machine).
      draft.value = '';
      await ready;
      const entry = add({ id: uuidv7(), author: 'visitor', text, state: 'queued', toPerson: !!conversation.value?.withPerson });
      await store.putEntries([entry]);
      await deliver();
    },
    /** A quick-reply chip: asks the policy without opening a conversation on the server. */
    async ask(key: ChipKey): Promise<void> {
      await ready;
      const question = add({ id: uuidv7(), author: 'visitor', text: copyFor(lang).chips[key], local: true });
      const res = await client.ask(lang, question.text);
      if (!res.ok && res.status === 0) online.value = false;
      const answer = res.ok
        ? add({ id: uuidv7(), author: 'bot', text: '', answers: res.data.answers, ...(res.data.request ? { request: res.data.request } : {}), local: true })
        : add({ id: uuidv7(), author: 'note', text: res.status === 0 ? 'offline' : 'failed', local: true });
      await store.putEntries([question, answer]);
    },
    /** "Talk to a person": later messages go to staff; an email lets them answer after the visitor has left. */
    async handover(email = ''): Promise<boolean> {
      const address = email.trim();
      if (address && !EMAIL.test(address)) {
        problem.value = 'email';
        return false;
      }
      if (busy.value) return false;
      busy.value = true;
      problem.value = undefined;
      try {
        await ready;
        const c = await ensureConversation();
        const res = c.ok ? await client.handover(c.data, address || undefined) : c;
        if (!res.ok || !c.ok) {
          problem.value = !res.ok && res.status === 0 ? 'offline' : 'failed';
          return false;
        }
        const saved = { ...c.data, withPerson: true };
        conversation.value = saved;
        // The server's own note says whether a reply goes by email; our words only if it sent none.
        const said = (res.data as { message?: ChatMessage } | undefined)?.message;
        const note = said?.id ? upsert(said) : add({ id: uuidv7(), author: 'note', text: 'handedOver', local: true });
        view.value = 'chat';
        await Promise.all([store.putConversation(saved), store.putEntries([note])]);
        return true;
      } finally {
        busy.value = false;
      }
    },
    /** After staff closed it: set the closed conversation aside here; the next message opens a new one. */
    async startNew(): Promise<void> {
      await ready;
      stopLive?.();
      batch(() => {
        entries.value = entries.value.filter((e) => e.state === 'queued');
        conversation.value = undefined;
        view.value = 'chat';
      });
      await store.forgetConversation();
    },
    /** End and erase: gone from this browser at once, and from the server when it can be reached. */
    async erase(): Promise<void> {
      const c = conversation.value;
      stopLive?.();
      clearTimeout(retryTimer);
      batch(() => {
        entries.value = [];
        conversation.value = undefined;
        rights.reset();
        draft.value = '';
        view.value = 'chat';
      });
      await store.eraseAll();
      if (c) {
        await store.setPendingErase(c);
        erasing.value = true;
        await eraseOnServer();
      }
      add({ id: uuidv7(), author: 'note', text: 'erased', local: true });
    },
    dispose() {
      stopLive?.();
      stopFlag();
      stopDraft();
      clearTimeout(retryTimer);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    },
  };
}

