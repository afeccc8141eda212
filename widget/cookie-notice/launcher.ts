import type { FirstLayerConfig } from '../../protocol/index.ts';
import type { WidgetContext } from '../boot/context.ts';
import { fixedButton } from '../boot/fixed-button.ts';

export const PRIVACY_BUTTON_ATTR = 'data-samtykke-privacy';

/**
 * The small persistent "Personvern" button: withdrawing must be as easy as giving consent
 * (GDPR Art. 7(3)), so the settings are one click away on every page. Plain DOM: it is drawn by
 * the loader on pages that download nothing else.
 */
export function drawPrivacyButton(ctx: WidgetContext, cookies: NonNullable<FirstLayerConfig['cookies']>, open: () => void): HTMLButtonElement | undefined {
  if (cookies.launcher === 'hidden') return undefined;
  const button = fixedButton(ctx, PRIVACY_BUTTON_ATTR, open);
  button.className = `sk-privacy sk-${cookies.launcher}`;
  button.textContent = cookies.texts.launcher;
  return button;
}
