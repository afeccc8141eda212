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
  // of <body> when the notice opens, and the notice goes before the fixed buttons inside it. Other
  // pages keep the root at the end, where the "Personvern" and chat buttons belong.
  const first = name === 'notice';
  if (first && document.body.firstChild !== shadow.host) document.body.prepend(shadow.host);
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
