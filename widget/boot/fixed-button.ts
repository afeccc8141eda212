import { adoptStyles } from '../ui/index.ts';
import { guard } from '../util/index.ts';
import type { WidgetContext } from './context.ts';
import css from './fixed-buttons.css?inline';
import { widgetRoot } from './root.ts';

let styled: ShadowRoot | undefined;

/**
 * One of the two fixed buttons the loader draws ("Personvern" and the chat launcher), found by its
 * marker attribute or made once. Both open a dialog; they share this code and one stylesheet,
 * because every byte here is paid on every page. destroy() removes them with the shared root.
 */
export function fixedButton(ctx: WidgetContext, marker: string, open: () => unknown): HTMLButtonElement {
  const shadow = widgetRoot(ctx);
  let button = shadow.querySelector<HTMLButtonElement>(`[${marker}]`);
  if (!button) {
    if (styled !== shadow) adoptStyles((styled = shadow), css);
    button = document.createElement('button');
    button.setAttribute(marker, '');
    button.setAttribute('aria-haspopup', 'dialog');
    // A <button> already answers Enter and Space with a click.
    button.addEventListener('click', guard(open));
    shadow.append(button);
  }
  return button;
}
