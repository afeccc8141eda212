/** @module Who is signed in: the account, the CSRF token, and the sign-in and sign-out actions. */
import { computed, signal } from '@preact/signals';
import type { ConsoleMe } from '../../protocol/index.ts';
import { api, ConsoleApiError, setCsrfToken, whenSignedOut } from '../api/client.ts';

export type AuthStatus = 'unknown' | 'signed-out' | 'signed-in';

export const me = signal<ConsoleMe['account'] | undefined>(undefined);
export const status = signal<AuthStatus>('unknown');
export const signInError = signal<{ kind: 'wrong' } | { kind: 'locked'; seconds: number } | { kind: 'other' } | undefined>(undefined);
export const busy = signal(false);
/** Owner of some site, or the server's administrator: sees Settings (each site's own parts are checked by the server). */
export const isOwner = computed(() => !!me.value && (me.value.admin || me.value.sites.some((s) => s.role === 'owner')));
/** The server's administrator: adds sites and sees every site. */
export const isAdmin = computed(() => !!me.value?.admin);
/** The caller's role on a site (an administrator owns every site). */
export const roleOn = (site: string) => (me.value?.admin ? 'owner' : me.value?.sites.find((s) => s.site === site)?.role);

function signedIn(data: ConsoleMe): void {
  setCsrfToken(data.csrfToken);
  me.value = data.account;
  status.value = 'signed-in';
}

function signedOut(): void {
  setCsrfToken(undefined);
  me.value = undefined;
  status.value = 'signed-out';
}

whenSignedOut(signedOut);

/** On load: a still-valid session cookie signs us in without a form. */
export async function restore(): Promise<void> {
  try {
    signedIn(await api<ConsoleMe>('/me'));
  } catch {
    signedOut();
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  busy.value = true;
  signInError.value = undefined;
  try {
    signedIn(await api<ConsoleMe>('/login', { method: 'POST', body: { email, password } }));
  } catch (error) {
    if (error instanceof ConsoleApiError && error.status === 429) signInError.value = { kind: 'locked', seconds: error.body.retryAfter ?? 60 };
    else if (error instanceof ConsoleApiError && error.status === 401) signInError.value = { kind: 'wrong' };
    else signInError.value = { kind: 'other' };
  } finally {
    busy.value = false;
  }
}

export async function signOut(): Promise<void> {
  try {
    await api('/logout', { method: 'POST' });
  } finally {
    signedOut();
    // What the session loaded (conversations, requests, records, other accounts) is held in this
    // page's memory; a fresh page keeps none of it for whoever signs in next on this screen. Not
    // on an expired session (whenSignedOut), where the same person signs in again to unsaved work.
    location.replace(location.pathname);
  }
}
