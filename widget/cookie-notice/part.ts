import type { WidgetContext } from '../boot/context.ts';
import { widgetRoot } from '../boot/root.ts';
import { adoptStyles } from '../ui/index.ts';

/**
 * A container of its own inside the widget's one shadow root: Preact's render() owns everything
 * in the element it renders into, and the root also holds the loader's buttons and the chat.
 */
export function rootPart(ctx: WidgetContext, name: string, css: string[]): { host: HTMLElement; el: HTMLElement } {
  const shadow = widgetRoot(ctx);
  let el = shadow.querySelector<HTMLElement>(`[data-part="${name}"]`);
  if (!el) {
    for (const sheet of css) adoptStyles(shadow, sheet);
    el = document.createElement('div');
    el.setAttribute('data-part', name);
    shadow.append(el);
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
