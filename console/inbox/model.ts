/** @module The inbox: conversations, the open one with its live stream, replies, and the visitor's consents. */
import { signal } from '@preact/signals';
import type { ChatMessage } from '../../protocol/index.ts';
import type { ConsoleConsentRecord, ConversationSummary, SubjectSummary } from '../../server/store/index.ts';
import { api } from '../api/client.ts';

export type InboxItem = ConversationSummary & { closed: boolean };
export interface OpenConversation {
  conversation: ConversationSummary & { replyEmail: string | null; live: boolean; closed: boolean };
  messages: ChatMessage[];
  consents: { subjects: SubjectSummary[]; records: ConsoleConsentRecord[] } | null;
}

export const list = signal<InboxItem[]>([]);
export const current = signal<OpenConversation | undefined>(undefined);
export const draft = signal('');
export const failed = signal(false);

let stream: EventSource | undefined;
let poll: ReturnType<typeof setInterval> | undefined;

export async function refresh(): Promise<void> {
  try {
    list.value = (await api<{ conversations: InboxItem[] }>('/conversations')).conversations;
  } catch {
    failed.value = true;
  }
}

/** While the inbox is shown: the list every 5 s, the open conversation live. */
export function start(): () => void {
  void refresh();
  poll = setInterval(() => void refresh(), 5000);
  return () => {
    clearInterval(poll);
    stream?.close();
    stream = undefined;
  };
}

export async function open(id: string): Promise<void> {
  stream?.close();
  const data = await api<OpenConversation>(`/conversations/${encodeURIComponent(id)}`);
  current.value = data;
  const last = data.messages.at(-1)?.seq ?? 0;
  stream = new EventSource(`/console/api/conversations/${encodeURIComponent(id)}/events?after=${last}`);
  stream.onmessage = (e) => {
    const message = JSON.parse(e.data as string) as ChatMessage;
    const now = current.value;
    if (!now || now.conversation.id !== id || now.messages.some((m) => m.seq === message.seq)) return;
    current.value = { ...now, messages: [...now.messages, message] };
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
  } catch {
    failed.value = true;
  }
}

export async function close(): Promise<void> {
  const now = current.value;
  if (!now) return;
  await api(`/conversations/${encodeURIComponent(now.conversation.id)}/close`, { method: 'POST' });
  current.value = { ...now, conversation: { ...now.conversation, closed: true } };
  await refresh();
}
