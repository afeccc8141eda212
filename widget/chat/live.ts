import type { ChatMessage } from '../../protocol/index.ts';
import type { Result } from './client.ts';

export interface LiveOptions {
  /** The events URL, asked again on each (re)connect so it carries the latest seq. */
  url: () => string;
  poll: () => Promise<Result<ChatMessage[]>>;
  onMessage: (message: ChatMessage) => void;
  /** @default globalThis.EventSource */
  EventSource?: typeof EventSource | undefined;
  /** @default 2000, inside the 2 seconds a staff reply may take to show */
  pollMs?: number;
  /** Errors in a row before server-sent events are given up for polling. @default 3 */
  maxErrors?: number;
}

/**
 * Staff replies, live: server-sent events, and polling `GET …/messages?after=` where they fail (a
 * proxy that buffers, a browser without EventSource). Returns a function that stops both.
 */
export function connectLive({ url, poll, onMessage, EventSource: ES = globalThis.EventSource, pollMs = 2000, maxErrors = 3 }: LiveOptions): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let errors = 0;

  const receive = (data: string) => {
    try {
      onMessage(JSON.parse(data) as ChatMessage);
    } catch {
      /* a keep-alive or malformed line: nothing to show */
    }
  };

  const startPolling = () => {
    const tick = async () => {
      if (stopped) return;
      const res = await poll();
      if (stopped) return;
      if (res.ok) res.data.forEach(onMessage);
      timer = setTimeout(() => void tick(), pollMs);
    };
    void tick();
  };

  if (typeof ES !== 'function') startPolling();
  else {
    source = new ES(url());
    source.onopen = () => (errors = 0);
    source.onmessage = (event) => receive(String(event.data));
    source.onerror = () => {
      // EventSource reconnects by itself after a dropped connection; when it has given up (CLOSED)
      // or keeps failing, poll instead.
      if (source!.readyState === 2 || ++errors >= maxErrors) {
        source!.close();
        source = undefined;
        startPolling();
      }
    };
  }

  return () => {
    stopped = true;
    source?.close();
    clearTimeout(timer);
  };
}
