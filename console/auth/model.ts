/** @module Who is signed in: the account, the CSRF token, and the sign-in and sign-out actions. */
import { computed, signal } from '@preact/signals';
import type { ConsoleLoginPending, ConsoleMe, ConsoleMeEnrolled, TwoFactorEnrolment } from '../../protocol/index.ts';
import { api, ConsoleApiError, setCsrfToken, whenSignedOut } from '../api/client.ts';
import { go } from '../router/model.ts';
import * as twoFactor from '../two-factor/model.ts';
import { requestFocus } from '../ui/focus.tsx';

export type AuthStatus = 'unknown' | 'signed-out' | 'signed-in';

export const me = signal<ConsoleMe['account'] | undefined>(undefined);
export const status = signal<AuthStatus>('unknown');
export const signInError = signal<{ kind: 'wrong' } | { kind: 'locked'; seconds: number } | { kind: 'expired' } | { kind: 'other' } | undefined>(undefined);
export const busy = signal(false);
/** Owner of some site, or the server's administrator: sees Settings (each site's own parts are checked by the server). */
export const isOwner = computed(() => !!me.value && (me.value.admin || me.value.sites.some((s) => s.role === 'owner')));
/** The server's administrator: adds sites and sees every site. */
export const isAdmin = computed(() => !!me.value?.admin);
/** The caller's role on a site (an administrator owns every site). */
export const roleOn = (site: string) => (me.value?.admin ? 'owner' : me.value?.sites.find((s) => s.site === site)?.role);
/** Where sign-in stands: the password, then (for two-factor accounts) a code, or setting two-factor up when a site requires it. */
export const step = signal<'password' | 'code' | 'enrol'>('password');
export const enrolment = signal<TwoFactorEnrolment | undefined>(undefined);

function signedIn(data: ConsoleMe): void {
  setCsrfToken(data.csrfToken);
  me.value = data.account;
  status.value = 'signed-in';
}

function signedOut(): void {
  setCsrfToken(undefined);
  step.value = 'password';
  enrolment.value = undefined;
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
    const answer = await api<ConsoleMe | ConsoleLoginPending>('/login', { method: 'POST', body: { email, password } });
    if ('next' in answer) {
      step.value = answer.next;
      if (answer.next === 'enrol') enrolment.value = await api<TwoFactorEnrolment>('/login/enrol', { method: 'POST' });
      requestFocus(answer.next === 'enrol' ? 'two-factor-scan' : twoFactor.CODE_INPUT);
    } else signedIn(answer);
  } catch (error) {
    if (error instanceof ConsoleApiError && error.status === 429) signInError.value = { kind: 'locked', seconds: error.body.retryAfter ?? 60 };
    else if (error instanceof ConsoleApiError && error.status === 401) signInError.value = { kind: 'wrong' };
    else signInError.value = { kind: 'other' };
  } finally {
    busy.value = false;
  }
}

/** The second step; a pending sign-in that has run out sends the person back to the password. */
async function second(fn: () => Promise<void>): Promise<void> {
  busy.value = true;
  twoFactor.codeError.value = undefined;
  try {
    await fn();
  } catch (error) {
    const refused = twoFactor.codeErrorOf(error);
    if (refused.kind === 'expired') {
      step.value = 'password';
      enrolment.value = undefined;
      signInError.value = { kind: 'expired' };
    } else {
      twoFactor.codeError.value = refused;
      requestFocus(twoFactor.CODE_INPUT);
    }
  } finally {
    busy.value = false;
  }
}

export const submitCode = (code: string) => second(async () => signedIn(await api<ConsoleMe>('/login/code', { method: 'POST', body: { code } })));

/** Setting two-factor up inside sign-in; the recovery codes are then shown on the account page. */
export const confirmEnrolment = (code: string) => second(async () => {
  const answer = await api<ConsoleMeEnrolled>('/login/enrol/confirm', { method: 'POST', body: { code } });
  go('account');
  twoFactor.showRecoveryCodes(answer.recoveryCodes);
  signedIn(answer);
});

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
