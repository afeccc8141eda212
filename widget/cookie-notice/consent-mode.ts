import type { StoredChoice } from './storage.ts';

type GtagHost = Window & { gtag?: (...args: unknown[]) => void; dataLayer?: unknown[] };

let defaulted = false;

/**
 * Google Consent Mode v2. gtag.js reads `arguments` objects from dataLayer, not arrays, so
 * without a gtag function we push what gtag itself would push.
 */
function gtag(..._args: unknown[]): boolean {
  const w = window as GtagHost;
  const layer = w.dataLayer;
  // A deferred tag runs after the page's own inline gtag('config') snippet. Until gtag.js or GTM
  // has loaded (and replaced push), dataLayer is a plain queue they will read from the start: the
  // defaults (the only call made before `defaulted`) go first, as Google requires, so the first
  // page view already waits for consent.
  if (!defaulted && layer?.push === [].push) return !!layer.unshift(arguments);
  if (typeof w.gtag === 'function') return (w.gtag(...(arguments as unknown as unknown[])), true);
  return Array.isArray(layer) && !!layer.push(arguments);
}

const state = (on: boolean | undefined) => (on ? 'granted' : 'denied');

/** The four Consent Mode v2 signals: three follow marketing, one statistics; all denied by default. */
const signals = ({ marketing, statistics }: StoredChoice['categories'] = {}) => {
  const ad = state(marketing);
  return { ad_storage: ad, analytics_storage: state(statistics), ad_user_data: ad, ad_personalization: ad };
};

/**
 * Sends the defaults (everything denied) once, as soon as the page has gtag or a dataLayer, and
 * then the visitor's choice. Called at start, before any blocked script runs, and on each choice.
 * Sites without Google tags get nothing.
 */
export function updateConsentMode(choice: StoredChoice | undefined): void {
  if (!defaulted) {
    defaulted = gtag('consent', 'default', { ...signals(), wait_for_update: 500 });
    if (!defaulted) return;
  }
  if (choice) gtag('consent', 'update', signals(choice.categories));
}

/** For tests and destroy(): the next page load starts over. */
export function resetConsentMode(): void {
  defaulted = false;
}
