import { effect } from '@preact/signals-core';
import { h } from 'preact';
import type { WidgetContext } from '../boot/context.ts';
import { loadSiteConfig } from '../site-config/index.ts';
import { mount } from '../preact-ui/index.ts';
import { logError } from '../util/index.ts';
import buttons from './buttons.css?inline';
import { focusables } from './focus.ts';
import { cookieModel } from './model.ts';
import { deepActiveElement, rootPart } from './part.ts';
import { PRIVACY_BUTTON_ATTR } from './launcher.ts';
import { Preferences } from './preferences.tsx';
import css from './preferences.css?inline';

let returnTo: HTMLElement | null = null;
let mounted = false;

/**
 * Chunk entry "preferences": built on first open (the "Choose" button, the "Personvern" button,
 * `Samtykke.openPreferences()`, `data-samtykke-open="preferences"`); every later call opens it again.
 */
export async function start(ctx: WidgetContext): Promise<void> {
  returnTo = deepActiveElement();
  const site = await loadSiteConfig(ctx);
  if (!site?.cookies) return logError(`the privacy settings cannot open: the settings of site ${ctx.config.site} could not be loaded`);
  const model = cookieModel(ctx, site);
  if (!mounted) {
    mounted = true;
    const { el, host } = rootPart(ctx, 'preferences', [buttons, css]);
    const unmount = mount(() => h(Preferences, { model, policyUrl: ctx.config.policyUrl ?? site.policy.url }), el);
    let wasOpen = false;
    const stop = effect(() => {
      const open = model.dialog.value;
      // After this turn: the view and the "Personvern" button are redrawn by their own effects.
      if (open && !wasOpen) setTimeout(() => focusables(el)[0]?.focus());
      else if (!open && wasOpen) setTimeout(() => restoreFocus(host.shadowRoot!));
      wasOpen = open;
    });
    ctx.cleanups.push(() => {
      stop();
      unmount();
      mounted = false;
    });
  }
  model.openDialog();
}

/** Back to where the visitor was; if that is gone (the notice closed), to the "Personvern" button. */
function restoreFocus(shadow: ShadowRoot): void {
  const target = returnTo?.isConnected && !returnTo.closest('[hidden]') ? returnTo : shadow.querySelector<HTMLElement>(`[${PRIVACY_BUTTON_ATTR}]:not([hidden])`);
  target?.focus();
}
