import type { StoredChoice } from './storage.ts';

type GtagHost = Window & { gtag?: (...args: unknown[]) => void; dataLayer?: unknown[] };

let defaulted = false;

/**
 * Google Consent Mode v2. gtag.js reads `arguments` objects from dataLayer, not arrays, so
 * without a gtag function we push what gtag itself would push.
 */
function gtag(..._args: unknown[]): boolean {
  const w = window as GtagHost;
  if (typeof w.gtag === 'function') w.gtag(...(arguments as unknown as unknown[]));
  else if (Array.isArray(w.dataLayer)) w.dataLayer.push(arguments);
  else return false;
  return true;
}

const state = (on: boolean | undefined) => (on ? 'granted' : 'denied');

/**
 * Sends the defaults (everything denied) once, as soon as the page has gtag or a dataLayer, and
 * then the visitor's choice. Called at start, before any blocked script runs, and on each choice.
 * Sites without Google tags get nothing.
 */
export function updateConsentMode(choice: StoredChoice | undefined): void {
  if (!defaulted) {
    defaulted = gtag('consent', 'default', {
      ad_storage: 'denied',
      analytics_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      wait_for_update: 500,
    });
    if (!defaulted) return;
  }
  if (!choice) return;
  const ads = state(choice.categories.marketing);
  gtag('consent', 'update', { ad_storage: ads, analytics_storage: state(choice.categories.statistics), ad_user_data: ads, ad_personalization: ads });
}

/** For tests and destroy(): the next page load starts over. */
export function resetConsentMode(): void {
  defaulted = false;
}
