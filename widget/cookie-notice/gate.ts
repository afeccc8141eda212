import { guard } from '../util/index.ts';

/** Which categories may run now; `necessary` always may. */
export type Allowed = (category: string) => boolean;

const BLOCKED_SCRIPTS = 'script[type="text/plain"][data-samtykke-category]:not([data-samtykke-ran])';
let queue: Promise<unknown> = Promise.resolve();

/** `data-samtykke-category="statistics marketing"` needs every category it names. */
export const categoriesOf = (el: HTMLElement): string[] => el.dataset.samtykkeCategory?.match(/[^\s,]+/g) ?? [];
const allowedFor = (el: HTMLElement, allowed: Allowed) => categoriesOf(el).every(allowed);

/**
 * Runs the blocked scripts whose categories are granted, each once, one after another in document
 * order: an inline script often needs the library an external one before it loads (gtag after
 * gtag.js), so the next one starts only when the previous one has loaded or failed.
 */
export function runGrantedScripts(allowed: Allowed): void {
  for (const blocked of document.querySelectorAll<HTMLScriptElement>(BLOCKED_SCRIPTS)) {
    if (!allowedFor(blocked, allowed)) continue;
    // Marked now, so a second call before the queue gets here cannot run it twice.
    blocked.setAttribute('data-samtykke-ran', '');
    queue = queue.then(guard(() => activate(blocked)));
  }
}

function activate(blocked: HTMLScriptElement): Promise<void> | void {
  if (!blocked.isConnected) return;
  const script = document.createElement('script');
  for (const { name, value } of blocked.attributes) if (name !== 'type') script.setAttribute(name, value);
  // The page's CSP nonce is only readable as a property (browsers hide the attribute).
  if (blocked.nonce) script.nonce = blocked.nonce;
  if (blocked.dataset.samtykkeType) script.type = blocked.dataset.samtykkeType;
  if (!script.src) script.text = blocked.text;
  const loaded = script.src ? new Promise<void>((resolve) => (script.onload = script.onerror = () => resolve())) : undefined;
  blocked.replaceWith(script);
  return loaded;
}

/** Iframes waiting for consent get their src once granted. Returns whether any is still blocked. */
export function gateFrames(allowed: Allowed): boolean {
  let blocked = false;
  for (const frame of document.querySelectorAll<HTMLIFrameElement>('iframe[data-samtykke-src]')) {
    if (allowedFor(frame, allowed)) loadFrame(frame);
    else blocked = true;
  }
  return blocked;
}

export function loadFrame(frame: HTMLIFrameElement): void {
  const src = frame.dataset.samtykkeSrc;
  frame.removeAttribute('data-samtykke-src');
  frame.hidden = false;
  const before = frame.previousElementSibling;
  if (before?.hasAttribute('data-samtykke-embed')) before.remove();
  if (src) frame.src = src;
}
