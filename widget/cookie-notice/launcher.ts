import type { CookieConfig } from '../../protocol/index.ts';
import type { WidgetContext } from '../boot/context.ts';
import { widgetRoot } from '../boot/root.ts';
import { adoptStyles } from '../ui/index.ts';
import { guard } from '../util/index.ts';
import css from './launcher.css?inline';

export const PRIVACY_BUTTON_ATTR = 'data-samtykke-privacy';

/**
 * The small persistent "Personvern" button: withdrawing must be as easy as giving consent
 * (GDPR Art. 7(3)), so the settings are one click away on every page. Plain DOM: it is drawn by
 * the loader on pages that download nothing else.
 */
export function drawPrivacyButton(ctx: WidgetContext, cookies: CookieConfig, open: () => void): HTMLButtonElement | undefined {
  if (cookies.launcher === 'hidden') return undefined;
  const { shadow } = widgetRoot(ctx);
  let button = shadow.querySelector<HTMLButtonElement>(`[${PRIVACY_BUTTON_ATTR}]`);
  if (!button) {
    adoptStyles(shadow, css);
    button = document.createElement('button');
    button.type = 'button';
    button.setAttribute(PRIVACY_BUTTON_ATTR, '');
    button.setAttribute('aria-haspopup', 'dialog');
    button.addEventListener('click', guard(open));
    shadow.append(button);
    const drawn = button;
    ctx.cleanups.push(() => drawn.remove());
  }
  button.className = `sk-privacy sk-${cookies.launcher}`;
  button.textContent = cookies.texts.launcher;
  return button;
}
