import { createApi, type SamtykkeApi } from '../api/index.ts';
import { chatLauncher, type ChatLauncher } from '../chat-launcher/index.ts';
import { createCookieControl, resetConsentMode, type CookieControl } from '../cookie-notice/index.ts';
import { consentSlot } from '../form-consent/slot.ts';
import { cachedSiteConfig } from '../site-config/index.ts';
import { guard, logError, nextFrame, readJson } from '../util/index.ts';
import { JOURNAL_KEY, MARKED_FORM, PENDING_KEY, type InlineSite, type WidgetContext } from './context.ts';
import { readScriptConfig } from './script-config.ts';
import { takeQueue } from './stub-queue.ts';

declare const __CHUNKS__: { formConsent: string; outbox: string; chat: string; notice: string; preferences: string; embed: string };
declare const __VERSION__: string;

export type ChunkName = keyof typeof __CHUNKS__;
export type ChunkModule = { start(ctx: WidgetContext): Promise<unknown> | unknown; flush?: () => Promise<void> };
type Host = Window & { Samtykke?: SamtykkeApi | { q?: unknown[] } };

export interface StartOptions {
  /** How a chunk is fetched; tests hand in the modules themselves. @default import() next to samtykke.js */
  importChunk?: (name: ChunkName, ctx: WidgetContext) => Promise<ChunkModule>;
}

// __CHUNKS__[name] is 'notice-Ab12 model-Cd34 core-Ef56': the chunk, then what it imports. All
// are requested at once, so the static imports do not wait for the chunk to arrive and be parsed.
// Promise.all also handles the rejection of each, so a failed file is not unhandled on the host page.
const importFromBase = (name: ChunkName, ctx: WidgetContext): Promise<ChunkModule> =>
  Promise.all(__CHUNKS__[name].split(' ').map((file) => import(/* @vite-ignore */ `${ctx.base}chunks/${file}.js`))).then((mods) => mods[0]);

/** Everything the loader does, given its own script tag. Never throws into the page. */
export const startWidget = guard(function startWidget(el: HTMLScriptElement | null, { importChunk = importFromBase }: StartOptions = {}): void {
  const host = window as Host;
  // A second copy of the tag on the same page must not insert a second checkbox. The real API
  // has a version; the stub queue a page may define before us does not. No other global is used.
  if ((host.Samtykke as Partial<SamtykkeApi> | undefined)?.version) return;
  const inline = (el as (HTMLScriptElement & { samtykke?: InlineSite }) | null)?.samtykke;
  const result = readScriptConfig(el, document.documentElement.lang, inline?.site);
  if (!result.ok) {
    logError(result.message);
    return;
  }
  // The per-site script knows the site's origins: a page the site does not allow gets no widget
  // (its choices could not be stored), only this line for the site owner.
  if (inline && !inline.origins.includes(location.origin)) {
    logError(`this page's origin ${location.origin} is not allowed for site ${inline.site}: add it under Console → Settings → Allowed origins`);
    return;
  }
  // /s/<key>.js sits one folder below samtykke.js and its chunks.
  const ctx: WidgetContext = { config: result.config, base: new URL(inline ? '..' : '.', el!.src).href, version: __VERSION__, cleanups: [], preloaded: inline?.config.lang === result.config.lang ? inline.config : undefined };
  const loaded = new Map<ChunkName, Promise<ChunkModule>>();

  // Never rejects: a chunk that cannot be fetched (the server is down) is logged, forgotten so a
  // later call tries again, and must not become an unhandled rejection on the host page.
  const load = (name: ChunkName): Promise<ChunkModule | undefined> => {
    let chunk = loaded.get(name);
    if (!chunk) loaded.set(name, (chunk = importChunk(name, ctx)));
    // start() is idempotent: a later call picks up forms that appeared since the last one.
    return chunk
      .then(async (mod) => {
        await mod.start(ctx);
        return mod;
      })
      .catch((error: unknown) => {
        loaded.delete(name);
        logError(`could not load ${name}: ${error}`);
        return undefined;
      });
  };

  let observer: MutationObserver | undefined;
  let scanning: ReturnType<typeof setTimeout> | undefined;
  const queued = takeQueue(host.Samtykke);
  // The cookie control (stored choice, Consent Mode, blocking) and the chat button are made in a
  // task of their own (boot, below), or at once by the first call that needs them. A deferred tag
  // runs inside the parser's last task, and each first use of a browser API costs a fresh page a
  // few milliseconds: made there, they turned that task into a long one (issue 18).
  let parts: { chat: ChatLauncher; cookies: CookieControl } | undefined;
  const boot = () => {
    if (!parts) {
      const chat = chatLauncher(ctx, load);
      // The chat button waits for the site's settings too: a page the server refuses gets no widget at all.
      parts = { chat, cookies: (ctx.cookies = createCookieControl(ctx, load, chat.draw)) };
    }
    return parts;
  };
  const api = createApi(ctx, {
    flush: () => load('outbox').then((m) => m?.flush?.()),
    openChat: () => boot().chat.open(),
    get: (category) => boot().cookies.get(category),
    openPreferences: () => boot().cookies.openPreferences(),
    destroy() {
      for (const undo of ctx.cleanups.splice(0)) guard(undo)();
      observer?.disconnect();
      clearTimeout(scanning);
      delete ctx.cookies;
      resetConsentMode();
      delete host.Samtykke;
    },
  });
  host.Samtykke = api;
  ctx.refuse = (message) => {
    logError(message);
    api.destroy();
    reserve(true);
  };
  for (const call of queued) api.apply(undefined, call as [string, ...unknown[]]);

  // Each box's space is kept before the first paint, rather than pushed open when the box arrives.
  const reserve = (hide?: boolean) => {
    const forms = document.querySelectorAll<HTMLFormElement>(MARKED_FORM);
    // The settings the per-site script carries, or those an earlier page cached: the place then fits the box's text.
    const site = cachedSiteConfig(ctx)?.config;
    for (const form of forms) consentSlot(form, hide, site);
    return forms.length;
  };
  // No chunk, no box (server down, a 404, a CSP that blocks it): the space kept for it goes.
  // Returned, so guard() also catches a failure in that late step.
  const scan = guard(() => reserve() && load('formConsent').then((mod) => mod || reserve(true)));
  // Mutations come in bursts; one look per burst is enough.
  const scanSoon = () => {
    scanning ??= setTimeout(() => {
      scanning = undefined;
      scan();
    }, 50);
  };
  // Nothing is drawn in the frame of the page's own first render, and each step after it gets a
  // frame of its own (nextFrame): the stored choice (scripts, frames, the first layer's view),
  // then the notice on screen, then the forms, then the rest.
  const whenReady = guard(() => {
    // destroy() ran before the document was ready.
    if (host.Samtykke !== api) return;
    boot().cookies.ready();
    nextFrame(() => {
      if (host.Samtykke !== api) return;
      // A choice written just before the last page unloaded is still waiting to be sent.
      if (readJson(PENDING_KEY, 0) || readJson<unknown[]>(JOURNAL_KEY, []).length) void load('outbox');
      scan();
      // Single-page apps add forms later; the callback is cheap until one appears.
      observer = new MutationObserver(scanSoon);
      observer.observe(document.documentElement, { childList: true, subtree: true });
    });
  });
  // Each form's place is kept before the page's first paint; whenReady is left in place by
  // destroy() and sees that the API it belongs to is gone. A deferred tag runs at the end of the
  // parser's own task, just before DOMContentLoaded: anything more there made that task a long one.
  const begin = () => {
    reserve();
    // A tag that runs after the page's first frame (async, a slow network) has no first frame to
    // keep clear of: waiting for one more only made the notice later. The document timeline's time
    // is 0 until the first frame has run; the paint entry comes only when that frame is shown.
    if (document.timeline?.currentTime) setTimeout(whenReady);
    else nextFrame(whenReady);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', guard(begin), { once: true });
  else begin();
  // Consent Mode defaults must come before Google's first command: a page with Google's queue, or
  // a tag that runs while the page is still being parsed (a plain tag in the head, as
  // docs/embedding.md advises when gtag.js may load first), reads the stored choice at once.
  // Any other page, in a task of its own.
  if ((host as { dataLayer?: unknown }).dataLayer || (host as { gtag?: unknown }).gtag || document.readyState === 'loading') boot();
  else setTimeout(guard(() => host.Samtykke === api && boot()));
});
