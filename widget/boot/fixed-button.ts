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
    if (styled !== shadow) {
      adoptStyles((styled = shadow), css);
      keepClearOfFooter(ctx, shadow.host as HTMLElement);
    }
    button = document.createElement('button');
    button.setAttribute(marker, '');
    button.setAttribute('aria-haspopup', 'dialog');
    // A <button> already answers Enter and Space with a click.
    button.addEventListener('click', guard(open));
    shadow.append(button);
  }
  return button;
}

/**
 * Nothing of ours may cover the site's footer text (issue 18: on a phone scrolled to the end,
 * "Personvern" sat on the footer's last lines). While the page's footer (the last `<footer>` or
 * `role=contentinfo`) is in view, both buttons ride up above its top edge, as if the footer pushed
 * them: a transform through `--samtykke-footer-lift`, so nothing moves in layout (CLS 0). A footer
 * taller than the screen leaves them at least 96 px from the top, still on screen.
 */
function keepClearOfFooter(ctx: WidgetContext, host: HTMLElement): void {
  // Cannot throw (a fixed selector, a box, a style), so no guard() around a handler run on every scroll.
  const place = () => {
    // A hidden footer has no box, and nothing to cover.
    const box = [...document.querySelectorAll('footer,[role=contentinfo]')].pop()?.getBoundingClientRect();
    host.style.setProperty('--samtykke-footer-lift', `${Math.min(0, (box?.height ? Math.max(box.top, 96) : innerHeight) - innerHeight)}px`);
  };
  // The controller serves as the options bag: addEventListener reads its `signal`.
  const listening = new AbortController();
  for (const type of ['scroll', 'resize']) addEventListener(type, place, listening);
  place();
  ctx.cleanups.push(() => listening.abort());
}
