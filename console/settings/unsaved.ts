/**
 * @module Unsaved work on the settings page: the site form and the policy editors are compared with
 * what was loaded, and anything that would replace them (another site, "Add a site", signing out)
 * waits for the owner to save, discard or stay. Bad or interrupted input loses nothing.
 */
import { computed, effect, signal } from '@preact/signals';
import * as auth from '../auth/model.ts';
import * as consents from '../consents/model.ts';
import { go, route } from '../router/model.ts';
import { requestFocus } from '../ui/focus.tsx';
import * as settings from './model.ts';
import * as policy from './policy-model.ts';

/** Element ids: the prompt, the site picker and the header's sign-out button, where focus returns. */
export const PROMPT = 'unsaved';
export const PICKER = 'site-picker';
export const SIGN_OUT = 'sign-out';

export const unsaved = computed(() => settings.changed.value || policy.changed.value);

export interface Pending {
  /** The site to be switched to, by name; none when a new site is being added or the owner signs out. */
  to?: string;
  /** The owner is signing out: the page goes, so focus is not put back. */
  signOut?: boolean;
  /** Id of the control that asked, for focus when the owner stays. */
  back: string;
  run: () => unknown;
}
/** What waits for the owner's answer; the prompt is shown while set. */
export const pending = signal<Pending | undefined>(undefined);
export const busy = signal(false);

/** Runs `next` at once when nothing is unsaved, else asks first. */
export function guard(next: Pending): void {
  if (!unsaved.value) {
    void next.run();
    return;
  }
  pending.value = next;
  requestFocus(PROMPT);
}

/** The site picker's choice. */
export function switchTo(key: string): void {
  const shown = settings.site.peek()?.settings.key;
  if (key === shown) return;
  // Until the owner answers, the picker keeps naming the site whose form is on the page.
  if (shown && unsaved.value) settings.selected.value = shown;
  guard({ to: consents.sites.peek().find((s) => s.key === key)?.name ?? key, back: PICKER, run: () => settings.load(key) });
}

/**
 * The header's sign-out: the session, and with it the page, would end. Asked on the settings page,
 * where the unsaved work is, so a refused save-first shows its refusals beside the fields.
 */
export function signOut(): void {
  if (unsaved.value && route.peek().page !== 'settings') go('settings');
  guard({ signOut: true, back: SIGN_OUT, run: auth.signOut });
}

/** Runs what was held; focus goes back where the owner asked from, unless the page is going. */
function proceed(p: Pending): void {
  if (!p.signOut) requestFocus(p.back);
  void p.run();
}

export function stay(): void {
  const p = pending.value;
  pending.value = undefined;
  if (p) requestFocus(p.back);
}

export function discard(): void {
  const p = pending.value;
  if (!p) return;
  pending.value = undefined;
  const view = settings.site.peek();
  if (view) settings.show(view);
  policy.revertPolicies();
  proceed(p);
}

/** Saves what changed; goes on only if all of it was taken, else the refusal is shown where it belongs. */
export async function saveFirst(): Promise<void> {
  const p = pending.value;
  const key = settings.site.peek()?.settings.key;
  if (!p || !key || busy.value) return;
  busy.value = true;
  try {
    for (const lang of policy.LANGS) if (policy.changedIn(lang)) await policy.savePolicy(key, lang);
    if (settings.changed.value) await settings.save();
  } finally {
    busy.value = false;
  }
  pending.value = undefined;
  if (unsaved.value) {
    // save() has put focus on the list of refused fields; other refusals are role=alert where they happened.
    if (settings.failed.value !== 'invalid') requestFocus(p.back);
    return;
  }
  proceed(p);
}

// A reload or a closed tab would lose the same work; the browser asks in its own words.
function warn(e: BeforeUnloadEvent): void {
  e.preventDefault();
  // Older Chromium asks only when returnValue is set as well.
  e.returnValue = '';
}
effect(() => {
  if (!unsaved.value) return;
  window.addEventListener('beforeunload', warn);
  return () => window.removeEventListener('beforeunload', warn);
});
