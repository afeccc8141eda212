/** @module Adding a site (owner): the schema's required fields here, the server's defaults for the rest. */
import { signal } from '@preact/signals';
import type { SiteSettings, SiteSettingsInput } from '../../protocol/index.ts';
import { api, ConsoleApiError } from '../api/client.ts';
import * as consents from '../consents/model.ts';
import { requestFocus } from '../ui/focus.tsx';
import { createIssues, issuesOf } from './issues.ts';
import * as settings from './model.ts';

/** Element ids of this form start with this, so they never clash with the settings form's. */
export const PREFIX = 'new';

const today = () => new Date().toISOString().slice(0, 10);

export const fields = {
  key: signal(''),
  name: signal(''),
  origins: signal(''),
  policyUrl: signal(''),
  policyVersion: signal(today()),
};
export const issues = createIssues();
/** 'site_exists', or the server's message for anything that is not about a field. */
export const failed = signal<string | undefined>(undefined);
export const busy = signal(false);
/** The form is drawn only while open, so its fields never share a page with a closed form's. */
export const open = signal(false);

export function toggle(): void {
  open.value = !open.value;
  if (open.value) requestFocus(`${PREFIX}-key`);
}

const lines = (v: string) => v.split('\n').map((x) => x.trim()).filter(Boolean);

export async function create(): Promise<void> {
  busy.value = true;
  failed.value = undefined;
  issues.list.value = [];
  const body: SiteSettingsInput = {
    key: fields.key.value.trim(),
    name: fields.name.value.trim(),
    origins: lines(fields.origins.value),
    policy: { url: fields.policyUrl.value.trim(), version: fields.policyVersion.value },
  };
  try {
    const created = await api<{ site: { settings: SiteSettings }; secretKey: string }>('/sites', { method: 'POST', body });
    await consents.loadSites();
    await settings.load(body.key);
    // After load(), which forgets any secret shown for the site before.
    settings.createdSecret.value = { name: created.site.settings.name, secretKey: created.secretKey };
    fields.key.value = '';
    fields.name.value = '';
    fields.origins.value = '';
    fields.policyUrl.value = '';
    fields.policyVersion.value = today();
    open.value = false;
    requestFocus('site-created');
  } catch (error) {
    const found = issuesOf(error, PREFIX);
    if (found) {
      issues.list.value = found;
      requestFocus(`${PREFIX}-issues`);
    } else if (error instanceof ConsoleApiError && error.body.error === 'site_exists') {
      failed.value = 'site_exists';
      requestFocus(`${PREFIX}-key`);
    } else failed.value = (error as Error).message;
  } finally {
    busy.value = false;
  }
}
