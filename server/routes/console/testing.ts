/** Fixtures for console tests: an app with two accounts, a movable clock and a signed-in fetch. Not shipped. */
import { createApp } from '../../app.ts';
import { silentLogger } from '../../log.ts';
import { createPasswordHasher } from '../../services/passwords/index.ts';
import type { Backend } from '../../store/backends.testing.ts';
import { appStore } from '../../testing.ts';
import type { ChatDeps } from '../../services/chat-deps.ts';
import type { OutboundGuard } from '../../services/outbound/index.ts';
import type { ConsoleDeps } from './deps.ts';

export const CONSOLE_ORIGIN = 'http://localhost:8787';
export const OWNER = { email: 'eier@example.no', password: 'eier-passord-lang-nok' };
export const AGENT = { email: 'agent@example.no', password: 'agent-passord-lang-nok' };

export interface Session {
  cookie: string;
  csrf: string;
}

export async function consoleTestApp(options: { dbPath?: string; address?: string; console?: Partial<ConsoleDeps>; chat?: Partial<ChatDeps>; backend?: Backend; outbound?: OutboundGuard } = {}) {
  const t = await appStore(options.backend, options.dbPath ? { path: options.dbPath } : {});
  let now = new Date('2024-03-01T10:00:00.000Z');
  const clock = () => now;
  // A cheap N keeps tests fast; the stored hash names its parameters, so production keeps the default.
  const passwords = createPasswordHasher({ N: 2 ** 10 });
  let address = options.address ?? '203.0.113.7';
  const app = createApp({
    store: t.store,
    clock,
    log: silentLogger,
    config: { trustProxy: false, publicUrl: CONSOLE_ORIGIN },
    clientAddress: () => address,
    console: { passwords, ...options.console },
    ...(options.chat ? { chat: options.chat } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
  });
  if (!await t.store.findAccountForLogin(OWNER.email)) {
    await t.store.createAccount({ email: OWNER.email, role: 'owner', passwordHash: await passwords.hash(OWNER.password) });
    await t.store.createAccount({ email: AGENT.email, role: 'agent', passwordHash: await passwords.hash(AGENT.password) });
  }

  const request = (path: string, init: { method?: string; session?: Session | undefined; body?: unknown; csrf?: string | null; origin?: string | null; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.origin !== null) headers.Origin = init.origin ?? CONSOLE_ORIGIN;
    if (init.session) headers.Cookie = init.session.cookie;
    const csrf = init.csrf === undefined ? init.session?.csrf : init.csrf;
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    return app.request(path, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  };

  const login = async (who: { email: string; password: string }) => {
    const res = await request('/console/api/login', { method: 'POST', body: who });
    if (res.status !== 200) return { res, session: undefined };
    const cookie = /^([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { res, session: { cookie, csrf: csrfToken } satisfies Session };
  };

  return {
    ...t,
    app,
    request,
    login,
    signIn: async (who: { email: string; password: string }) => (await login(who)).session!,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    setAddress: (a: string) => (address = a),
    now: () => now,
  };
}
