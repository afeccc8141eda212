import { EVENT_PREFIX, RECEIPTS_KEY, type WidgetContext } from '../boot/context.ts';
import { guard, logError, readJson } from '../util/index.ts';

/** What the browser keeps of each choice it recorded, so the visitor can show it later. */
export interface Receipt {
  id: string;
  purpose: string;
  decision: string;
  formId?: string;
  at: string;
  /** True once the server has acknowledged it. */
  stored?: boolean;
}

type Listener = (detail: unknown) => void;

export interface SamtykkeApi {
  (method: string, ...args: unknown[]): unknown;
  version: string;
  /** The receipts of every choice recorded in this browser, oldest first. */
  receipts(): Receipt[];
  /** Whether the visitor allows a cookie category now (`necessary` is always true). */
  get(category: string): boolean;
  /** Opens the privacy settings, where a choice can be changed or withdrawn. */
  openPreferences(): void;
  /** Listens to `samtykke:<name>` events; returns a function that stops listening. */
  on(name: string, fn: Listener): () => void;
  /** Sends anything still waiting in the outbox now. */
  flush(): Promise<void>;
  /** Opens the privacy chat, loading it first if needed. */
  openChat(): Promise<void>;
  /** Removes everything the widget added to the page, for tests and single-page apps. */
  destroy(): void;
}

/** The methods the loader's capabilities supply; createApi() guards each one. */
export type ApiHooks = Pick<SamtykkeApi, 'flush' | 'openChat' | 'destroy' | 'get' | 'openPreferences'>;

export function createApi(ctx: WidgetContext, hooks: ApiHooks): SamtykkeApi {
  const api = function Samtykke(method: string, ...args: unknown[]): unknown {
    // Own keys only, so methods that capabilities add with extendApi() are callable and `call` is not.
    const fn = api.hasOwnProperty(method) && (api as unknown as Record<string, unknown>)[method];
    if (typeof fn === 'function') return (fn as (...a: unknown[]) => unknown)(...args);
    // Not listing the methods here keeps the loader under its 4 KB; the README lists them.
    logError(`Samtykke('${method}') is not a method`);
  } as SamtykkeApi;
  api.version = ctx.version;
  extendApi(api, {
    receipts: (): Receipt[] => readJson<Receipt[]>(RECEIPTS_KEY, []),
    on(name: string, fn: Listener): () => void {
      if (typeof fn !== 'function') {
        logError(`Samtykke.on('${name}'): not a function`);
        return () => {};
      }
      const listener = guard((event: Event) => fn((event as CustomEvent).detail));
      window.addEventListener(EVENT_PREFIX + name, listener);
      const off = () => window.removeEventListener(EVENT_PREFIX + name, listener);
      ctx.cleanups.push(off);
      return off;
    },
    ...hooks,
  });
  return api;
}

/** Adds a capability's methods to window.Samtykke, each behind guard() like the built-in ones. */
export function extendApi(api: SamtykkeApi, methods: Record<string, (...args: never[]) => unknown>): void {
  for (const [name, fn] of Object.entries(methods)) (api as unknown as Record<string, unknown>)[name] = guard(fn as (...a: unknown[]) => unknown);
}
