import type { Context } from 'hono';
import type { ServerConfig } from './env.ts';
import type { Logger } from './log.ts';
import type { ConsoleDeps } from './routes/console/index.ts';
import type { ChatDeps } from './services/chat-deps.ts';
import type { OutboundGuard } from './services/outbound/index.ts';
import type { Store } from './store/index.ts';
import type { Hono } from 'hono';

/** What `createApp` is built from. Everything with a side effect comes in here, so tests can swap it. */
export interface AppDeps {
  store: Store;
  /** The only source of time (invariant 5). */
  clock: () => Date;
  log: Logger;
  config: Pick<ServerConfig, 'trustProxy' | 'publicUrl' | 'eventsPerMinute' | 'demo' | 'readyTimeoutMs'>;
  /**
   * Runs the rest of a request under its id, so log lines written beneath it carry the id. The
   * Node adapter passes `requestScope` (AsyncLocalStorage). @default none: lines carry no id
   */
  requestScope?: <T>(requestId: string, run: () => T) => T;
  /** The socket's remote address; the Node adapter passes `getConnInfo`. Absent in `app.request()` tests. */
  clientAddress?: (c: Context) => string | undefined;
  /** Static files (widget build, demo pages), mounted last at `/`. Node-side, so app.ts stays runtime-free. */
  assets?: Hono;
  /** The staff console at `/console`: mounted only when given (it needs a password hasher, which is Node-side). */
  console?: ConsoleDeps;
  /**
   * Every request the server sends to an address an owner chose (webhooks, policy import), and the
   * check of such an address when it is saved. Tests with loopback receivers pass
   * `createOutboundGuard({ allowPrivateNetworks: true, allowHttp: true })`.
   * @default createOutboundGuard(): public https targets only
   */
  outbound?: OutboundGuard;
  /** Mail, live bus, policy indexes, rate limits and heartbeat of the privacy chat; each has a default. */
  chat?: Partial<ChatDeps>;
}
