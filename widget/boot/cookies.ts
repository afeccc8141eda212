import { extendApi, type SamtykkeApi } from '../api/index.ts';
import { createCookieControl, resetConsentMode } from '../cookie-notice/index.ts';
import type { WidgetContext } from './context.ts';

/**
 * Starts the cookie notice's loader side and puts its methods on window.Samtykke. Runs before the
 * page's other scripts are unblocked, because Consent Mode defaults must come first.
 */
export function startCookies(ctx: WidgetContext, api: SamtykkeApi, load: (name: 'notice' | 'preferences' | 'embed') => Promise<unknown>): void {
  const control = createCookieControl(ctx, load);
  ctx.cookies = control;
  extendApi(api, { get: control.get, openPreferences: control.openPreferences });
  ctx.cleanups.push(() => {
    delete ctx.cookies;
    resetConsentMode();
  });
}
