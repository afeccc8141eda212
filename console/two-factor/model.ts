/** @module Two-factor sign-in on the person's own account page, and the owner's switches: state and actions, no DOM. */
import { signal } from '@preact/signals';
import type { ConsoleAccount as Account, SiteTwoFactor, TwoFactorEnabled, TwoFactorEnrolment, TwoFactorStatus } from '../../protocol/index.ts';
import { api, ConsoleApiError } from '../api/client.ts';
import { requestFocus } from '../ui/focus.tsx';

export type CodeError = { kind: 'wrong' } | { kind: 'used' } | { kind: 'locked'; seconds: number } | { kind: 'expired' } | { kind: 'other' };

export const status = signal<TwoFactorStatus | undefined>(undefined);
export const enrolment = signal<TwoFactorEnrolment | undefined>(undefined);
/** Shown once, right after two-factor is switched on; gone when the person says they are saved. */
export const recoveryCodes = signal<string[] | undefined>(undefined);
export const codeError = signal<CodeError | undefined>(undefined);
export const busy = signal(false);
/** A short confirmation after a change, read out by screen readers. */
export const notice = signal<string | undefined>(undefined);
export const failed = signal(false);

export const required = signal<Record<string, boolean>>({});
export const requireError = signal<string | undefined>(undefined);
export const accounts = signal<Account[]>([]);
export const resetNotice = signal<string | undefined>(undefined);

export const HEADING = 'two-factor-h';
export const CODE_INPUT = 'two-factor-code';
export const RECOVERY_HEADING = 'recovery-codes-h';

/** What a refused code means to the person. */
export function codeErrorOf(error: unknown): CodeError {
  if (!(error instanceof ConsoleApiError)) return { kind: 'other' };
  if (error.status === 429) return { kind: 'locked', seconds: error.body.retryAfter ?? 60 };
  if (error.body.error === 'code_used') return { kind: 'used' };
  if (error.body.error === 'invalid_code' || error.body.error === 'validation_failed') return { kind: 'wrong' };
  if (error.body.error === 'no_pending_sign_in') return { kind: 'expired' };
  return { kind: 'other' };
}

async function run(fn: () => Promise<void>): Promise<void> {
  busy.value = true;
  codeError.value = undefined;
  try {
    await fn();
  } catch (error) {
    codeError.value = codeErrorOf(error);
    requestFocus(CODE_INPUT);
  } finally {
    busy.value = false;
  }
}

export async function load(): Promise<void> {
  failed.value = false;
  try {
    status.value = await api<TwoFactorStatus>('/two-factor');
  } catch {
    failed.value = true;
  }
}

export const start = () => run(async () => {
  notice.value = undefined;
  enrolment.value = await api<TwoFactorEnrolment>('/two-factor/enrol', { method: 'POST' });
  requestFocus('two-factor-scan');
});

export const confirm = (code: string) => run(async () => {
  showRecoveryCodes((await api<TwoFactorEnabled>('/two-factor/confirm', { method: 'POST', body: { code } })).recoveryCodes);
  await load();
});

/** After enrolment, here or in the sign-in's enrolment step: the codes, with focus on their heading. */
export function showRecoveryCodes(codes: string[]): void {
  enrolment.value = undefined;
  recoveryCodes.value = codes;
  requestFocus(RECOVERY_HEADING);
}

export function codesSaved(enabledText: string): void {
  recoveryCodes.value = undefined;
  notice.value = enabledText;
  requestFocus(HEADING);
}

export const disable = (code: string, disabledText: string) => run(async () => {
  await api('/two-factor/disable', { method: 'POST', body: { code } });
  notice.value = disabledText;
  await load();
  requestFocus(HEADING);
});

export async function loadOwner(siteKeys: string[]): Promise<void> {
  const [list, ...flags] = await Promise.all([
    api<{ accounts: Account[] }>('/accounts'),
    ...siteKeys.map((key) => api<SiteTwoFactor>(`/sites/${encodeURIComponent(key)}/two-factor`)),
  ]);
  accounts.value = list.accounts;
  required.value = Object.fromEntries(siteKeys.map((key, i) => [key, flags[i]!.required]));
}

export async function setRequired(key: string, on: boolean, ownFirstText: string): Promise<void> {
  requireError.value = undefined;
  try {
    const answer = await api<SiteTwoFactor>(`/sites/${encodeURIComponent(key)}/two-factor`, { method: 'PUT', body: { required: on } });
    required.value = { ...required.value, [key]: answer.required };
    await load();
  } catch (error) {
    requireError.value = error instanceof ConsoleApiError && error.body.error === 'two_factor_off' ? ownFirstText : undefined;
    if (!requireError.value) failed.value = true;
  }
}

export async function reset(account: Account, doneText: string): Promise<void> {
  try {
    await api(`/accounts/${account.id}/two-factor/reset`, { method: 'POST' });
    resetNotice.value = doneText;
  } catch {
    failed.value = true;
  }
}
