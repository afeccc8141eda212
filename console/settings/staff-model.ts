/** @module Staff of the caller's sites: who works on which site as what, new staff, disabling, lifting sign-in locks. */
import { batch, signal } from '@preact/signals';
import type { AccountCreated, AccountUnlocked, ConsoleAccount, ConsoleRole } from '../../protocol/index.ts';
import { api, ConsoleApiError } from '../api/client.ts';
import { requestFocus } from '../ui/focus.tsx';

export const PREFIX = 'staff';
export const accounts = signal<ConsoleAccount[]>([]);
/** The one-time password of the account just made, shown once. */
export const created = signal<{ email: string; password: string } | undefined>(undefined);
/** The server's error code of the last change ('account_exists', 'forbidden_role', …), or 'other'. */
export const failed = signal<string | undefined>(undefined);
/** What the last role change did, for the live region (worded when shown, in the console's language). */
export const changed = signal<{ email: string; site: string; role: ConsoleRole | null } | undefined>(undefined);
/** What the last unlock did (`cleared`: how many locks were lifted), for the same live region. */
export const unlocked = signal<{ email: string; cleared: number } | undefined>(undefined);
export const busy = signal(false);
export const form = { email: signal(''), site: signal(''), role: signal('agent'), admin: signal(false) };

export async function load(): Promise<void> {
  accounts.value = (await api<{ accounts: ConsoleAccount[] }>('/accounts')).accounts;
}

const codeOf = (error: unknown) => (error instanceof ConsoleApiError ? error.body.error : 'other');

export async function create(): Promise<void> {
  busy.value = true;
  failed.value = undefined;
  created.value = undefined;
  try {
    const sites = form.site.value ? [{ site: form.site.value, role: form.role.value as ConsoleRole }] : [];
    const answer = await api<AccountCreated>('/accounts', { method: 'POST', body: { email: form.email.value.trim(), sites, admin: form.admin.value } });
    created.value = { email: answer.account.email, password: answer.password };
    form.email.value = '';
    form.admin.value = false;
    await load();
    requestFocus(`${PREFIX}-created`);
  } catch (error) {
    failed.value = codeOf(error);
    requestFocus(`${PREFIX}-error`);
  } finally {
    busy.value = false;
  }
}

/** `null` takes the role on the site away. Focus stays on the control that was changed. */
export async function setRole(account: ConsoleAccount, site: string, role: ConsoleRole | null): Promise<void> {
  failed.value = undefined;
  try {
    await api(`/accounts/${account.id}/sites/${encodeURIComponent(site)}`, { method: 'PUT', body: { role } });
    batch(() => {
      changed.value = { email: account.email, site, role };
      unlocked.value = undefined;
    });
  } catch (error) {
    failed.value = codeOf(error);
  }
  await load();
}

export async function setDisabled(id: number, disabled: boolean): Promise<void> {
  failed.value = undefined;
  try {
    await api(`/accounts/${id}/disabled`, { method: 'POST', body: { disabled } });
  } catch (error) {
    failed.value = codeOf(error);
  }
  await load();
}

/** Lifts every sign-in lock on the account. Nothing about the account changes, so the list stays as it is and focus stays on the button. */
export async function unlock(account: ConsoleAccount): Promise<void> {
  failed.value = undefined;
  try {
    const { cleared } = await api<AccountUnlocked>(`/accounts/${account.id}/unlock`, { method: 'POST' });
    batch(() => {
      unlocked.value = { email: account.email, cleared };
      changed.value = undefined;
    });
  } catch (error) {
    failed.value = codeOf(error);
  }
}
