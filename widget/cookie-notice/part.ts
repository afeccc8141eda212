import type { WidgetContext } from '../boot/context.ts';
import { widgetRoot } from '../boot/root.ts';
import { adoptStyles } from '../ui/index.ts';

/**
 * A container of its own inside the widget's one shadow root: Preact's render() owns everything
 * in the element it renders into, and the root also holds the loader's buttons and the chat.
 */
export function rootPart(ctx: WidgetContext, name: string, css: string[]): { host: HTMLElement; el: HTMLElement } {
  const shadow = widgetRoot(ctx);
  // The first layer comes first in the tab order (issue 18): a keyboard user meets the question
  // before the site's controls it covers, not after twenty of them. So the root moves to the start
  // of <body> (after a skip link) when the notice opens, and the notice goes before the fixed buttons inside it. Other
  // pages keep the root at the end, where the "Personvern" and chat buttons belong.
  // A skip link stays first: it is there for keyboard users too, and axe wants it before any content.
  const first = name === 'notice';
  if (first) {
    let at = document.body.firstElementChild;
    while (at && at !== shadow.host && at.matches('a[href^="#"]')) at = at.nextElementSibling;
    if (at !== shadow.host) document.body.insertBefore(shadow.host, at);
  }
  let el = shadow.querySelector<HTMLElement>(`[data-part="${name}"]`);
  if (!el) {
    for (const sheet of css) adoptStyles(shadow, sheet);
    el = document.createElement('div');
    el.setAttribute('data-part', name);
    if (first) shadow.prepend(el);
    else shadow.append(el);
    const made = el;
    ctx.cleanups.push(() => made.remove());
  }
  return { host: shadow.host as HTMLElement, el };
}

/** The focused element, looking inside shadow roots (ours included). */
export function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement as HTMLElement | null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
  return active;
}

/**
 * Remembers where focus was before it entered the first layer (`ctx.focusFrom`), so it can go back
 * there after the choice. On the part, not the view: the loader's view and the chunk's share it.
 */
export function trackFocusFrom(ctx: WidgetContext, el: HTMLElement): void {
  el.addEventListener('focusin', (event) => {
    const came = event.relatedTarget as Element | null;
    if (!came || !el.contains(came)) ctx.focusFrom = came;
  });
}
