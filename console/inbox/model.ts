/** @module The inbox: the list with its filter and counters, the open conversation with its live stream, replies, assign, close, and what the staff member has read. */
import { signal } from '@preact/signals';
import type { ChatMessage, ConsoleConsentRecord, InboxConversation, InboxCounts, InboxList, SubjectSummary } from '../../protocol/index.ts';
import { api } from '../api/client.ts';
import { requestFocus } from '../ui/focus.tsx';
import { unread } from './unread.ts';

export type InboxState = 'open' | 'closed' | 'all';
export interface OpenConversation {
  conversation: {
    id: string;
    site: string;
    siteName: string;
    lang: 'nb' | 'en';
    createdAt: string;
    handedOverAt: string | null;
    replyEmail: string | null;
    live: boolean;
    closed: boolean;
    closedAt: string | null;
    assignedTo: { id: number; email: string } | null;
  };
  messages: ChatMessage[];
  consents: { subjects: SubjectSummary[]; records: ConsoleConsentRecord[] } | null;
}

export const state = signal<InboxState>('open');
export const list = signal<InboxConversation[]>([]);
export const counts = signal<InboxCounts | undefined>(undefined);
export const current = signal<OpenConversation | undefined>(undefined);
export const draft = signal('');
export const failed = signal(false);
export const loaded = signal(false);

/** Ids for focus: the open conversation's heading, the reply field, a row of the list, the list's heading. */
export const HEADING = 'conv-h';
export const REPLY = 'reply';
export const LIST_HEADING = 'inbox-list-h';
export const rowId = (id: string) => `conv-${id}`;

let stream: EventSource | undefined;
let poll: ReturnType<typeof setInterval> | undefined;

export async function refresh(): Promise<void> {
  try {
    const data = await api<InboxList>(`/conversations?state=${state.value}`);
    list.value = data.conversations;
    counts.value = data.counts;
    unread.value = data.counts.unread;
    loaded.value = true;
  } catch {
    failed.value = true;
  }
}

export function filter(next: InboxState): void {
  state.value = next;
  void refresh();
}

/** While the inbox is shown: the list every 5 s, the open conversation live, read while it is looked at. */
export function start(): () => void {
  void refresh();
  poll = setInterval(() => void refresh(), 5000);
  const onVisible = () => {
    if (document.visibilityState === 'visible') void markRead();
  };
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    clearInterval(poll);
    document.removeEventListener('visibilitychange', onVisible);
    stream?.close();
    stream = undefined;
    current.value = undefined;
  };
}

/** The open conversation counts as read only while the tab is shown: a hidden tab keeps the count in its title. */
async function markRead(): Promise<void> {
  const now = current.value;
  const last = now?.messages.at(-1)?.seq;
  if (!now || last === undefined || document.visibilityState !== 'visible') return;
  const row = list.value.find((x) => x.id === now.conversation.id);
  if (row && row.unread > 0) {
    list.value = list.value.map((x) => (x === row ? { ...x, unread: 0 } : x));
    unread.value = Math.max(0, unread.value - row.unread);
  }
  await api(`/conversations/${encodeURIComponent(now.conversation.id)}/read`, { method: 'POST', body: { seq: last } }).catch(() => undefined);
}

export async function open(id: string): Promise<void> {
  stream?.close();
  failed.value = false;
  const data = await api<OpenConversation>(`/conversations/${encodeURIComponent(id)}`);
  current.value = data;
  draft.value = '';
  requestFocus(HEADING);
  void markRead();
  const last = data.messages.at(-1)?.seq ?? 0;
  stream = new EventSource(`/console/api/conversations/${encodeURIComponent(id)}/events?after=${last}`);
  stream.onmessage = (e) => {
    const message = JSON.parse(e.data as string) as ChatMessage;
    const now = current.value;
    if (!now || now.conversation.id !== id || now.messages.some((m) => m.seq === message.seq)) return;
    current.value = { ...now, messages: [...now.messages, message] };
    void markRead();
  };
}

export async function reply(): Promise<void> {
  const now = current.value;
  const text = draft.value.trim();
  if (!now || !text) return;
  failed.value = false;
  try {
    const { message } = await api<{ message: ChatMessage }>(`/conversations/${encodeURIComponent(now.conversation.id)}/messages`, { method: 'POST', body: { text } });
    draft.value = '';
    const after = current.value!;
    if (!after.messages.some((m) => m.seq === message.seq)) current.value = { ...after, messages: [...after.messages, message] };
    void refresh();
  } catch {
    failed.value = true;
  }
  // Sending keeps the person in the reply field, ready for the next line.
  requestFocus(REPLY);
}

export async function assign(to: 'me' | 'nobody'): Promise<void> {
  const now = current.value;
  if (!now) return;
  failed.value = false;
  try {
    const { assignedTo } = await api<{ assignedTo: OpenConversation['conversation']['assignedTo'] }>(`/conversations/${encodeURIComponent(now.conversation.id)}/assign`, { method: 'POST', body: { to } });
    current.value = { ...current.value!, conversation: { ...current.value!.conversation, assignedTo } };
    await refresh();
  } catch {
    failed.value = true;
  }
}

/** Closes it; focus moves to the next conversation in the list (the one before, at the end), or to the list's heading. */
export async function close(): Promise<void> {
  const now = current.value;
  if (!now) return;
  failed.value = false;
  const before = list.value.map((x) => x.id);
  try {
    await api(`/conversations/${encodeURIComponent(now.conversation.id)}/close`, { method: 'POST' });
  } catch {
    failed.value = true;
    return;
  }
  stream?.close();
  current.value = undefined;
  await refresh();
  const at = before.indexOf(now.conversation.id);
  const remaining = list.value.map((x) => x.id).filter((id) => id !== now.conversation.id);
  const next = before.slice(at + 1).find((id) => remaining.includes(id)) ?? before.slice(0, Math.max(0, at)).reverse().find((id) => remaining.includes(id));
  requestFocus(next ? rowId(next) : LIST_HEADING);
}
