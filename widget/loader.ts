/**
 * The classic script every page downloads (`dist/samtykke.js`). It stays tiny: no Preact, no zod,
 * no idb. It reads its own tag, installs `window.Samtykke`, and import()s only the chunks this
 * page needs. An IIFE cannot code-split, so the chunks are a separate ES build whose hashed file
 * names vite.config.ts writes into `__CHUNKS__`.
 */
import { createApi, type SamtykkeApi } from './api/index.ts';
import { readScriptConfig } from './boot/script-config.ts';
import { MARKED_FORM, STORAGE, type WidgetContext } from './boot/context.ts';
import { takeQueue } from './boot/stub-queue.ts';
import { guard, logError, readJson } from './util/index.ts';

declare const __CHUNKS__: { formConsent: string; outbox: string };
declare const __VERSION__: string;

type Chunk = keyof typeof __CHUNKS__;
type ChunkModule = { start(ctx: WidgetContext): Promise<unknown> | unknown; flush?: () => Promise<void> };
type Host = Window & { Samtykke?: SamtykkeApi; __samtykkeRun?: boolean };

// currentScript is only set during this first synchronous run of a classic script.
const script = document.currentScript as HTMLScriptElement | null;
guard(boot)(script);

function boot(el: HTMLScriptElement | null): void {
  const host = window as Host;
  // A second copy of the tag on the same page must not insert a second checkbox.
  if (host.__samtykkeRun) return;
  const result = readScriptConfig(el, document.documentElement.lang);
  if (!result.ok) {
    logError(result.message);
    return;
  }
  host.__samtykkeRun = true;
  const ctx: WidgetContext = { config: result.config, base: new URL('.', el!.src).href, version: __VERSION__, cleanups: [] };
  const loaded = new Map<Chunk, Promise<ChunkModule>>();

  const load = (name: Chunk): Promise<ChunkModule> => {
    let chunk = loaded.get(name);
    if (!chunk) {
      chunk = import(/* @vite-ignore */ ctx.base + __CHUNKS__[name]);
      chunk.catch((error: unknown) => logError(`could not load ${name}: ${error instanceof Error ? error.message : error}`));
      loaded.set(name, chunk);
    }
    // start() is idempotent: a later call picks up forms that appeared since the last one.
    return chunk.then(async (mod) => {
      await mod.start(ctx);
      return mod;
    });
  };

  const queued = takeQueue(host.Samtykke);
  const api = createApi(ctx, {
    flush: () => load('outbox').then((m) => m.flush?.()),
    destroy() {
      for (const undo of ctx.cleanups.splice(0)) guard(undo)();
      observer?.disconnect();
      delete host.Samtykke;
      host.__samtykkeRun = false;
    },
  });
  host.Samtykke = api;
  for (const call of queued) {
    const [method, ...args] = Array.from(call);
    api(String(method), ...args);
  }

  let scanning = 0;
  const scan = guard(() => {
    if (document.querySelector(MARKED_FORM)) void load('formConsent');
  });
  // Mutations come in bursts; one look per burst is enough.
  const scanSoon = () => {
    if (!scanning) scanning = window.setTimeout(() => ((scanning = 0), scan()), 50);
  };
  let observer: MutationObserver | undefined;
  const whenReady = guard(() => {
    // A choice written just before the last page unloaded is still waiting to be sent.
    if (readJson(STORAGE.pending, 0) || readJson<unknown[]>(STORAGE.journal, []).length) void load('outbox');
    scan();
    // Single-page apps add forms later; the callback is cheap until one appears.
    observer = new MutationObserver(scanSoon);
    observer.observe(document.documentElement, { childList: true, subtree: true });
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', whenReady, { once: true });
  else whenReady();
}
