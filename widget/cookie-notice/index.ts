/**
 * @module The cookie and tracking notice. The loader uses `createCookieControl` (stored choice,
 * blocking, Consent Mode, the "Personvern" button); the first layer and the dialog are the
 * `notice` and `preferences` chunks (notice-entry.ts, preferences-entry.ts).
 */
export { createCookieControl, type ChangeDetail, type CookieControl } from './control.ts';
export { readChoice, isFresh, CHOICE_KEY, type StoredChoice } from './storage.ts';
export { resetConsentMode } from './consent-mode.ts';
