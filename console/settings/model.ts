/** @module Site settings (owner): the site document, keys, the chain digest. Staff are in staff-model.ts. */
import { batch, computed, signal } from '@preact/signals';
import type { ConsoleSiteSettings, SiteSettings, WordingDefaults } from '../../protocol/index.ts';
import { api, ConsoleApiError } from '../api/client.ts';
import * as consents from '../consents/model.ts';
import { requestFocus } from '../ui/focus.tsx';
import { draftOf, rowPaths, toDocument, type SiteDraft } from './draft.ts';
import { createIssues, issuesOf } from './issues.ts';
import { loadPolicies } from './policy-model.ts';

export interface SiteView {
  settings: SiteSettings;
  console: ConsoleSiteSettings;
  snippet: string;
  /** The plain loader with Subresource Integrity, for sites that require it. */
  sriSnippet: string;
  integrity: string | null;
  /** The version of `settings`, sent back as If-Match so a save cannot undo someone else's. */
  etag: string;
  /** Our wording of each text the site may word itself, as it reads for this site: shown beside the site's own. */
  defaults: WordingDefaults;
  /** Until when the key before the last rotation is still accepted; null when only the current one is. */
  oldKeyValidUntil?: string | null;
}

export const selected = signal<string>('');
export const site = signal<SiteView | undefined>(undefined);
export const newSecret = signal<string | undefined>(undefined);
export const saved = signal(false);
/**
 * The server's message; 'edit_conflict' when someone else saved first, 'invalid' when the server
 * named fields to correct (both shown in the console's language).
 */
export const failed = signal<string | undefined>(undefined);
/** Element ids start with this (`s-name`, `s-cookies-statistics-recipients-nb`); rows use their own ids. */
export const PREFIX = 's';
export const issues = createIssues();
/** The rest of the site document: name, chat contact, IP, notice button and lifetime, own wordings, cookie categories. */
export const draft = signal<SiteDraft | undefined>(undefined);
/** A site just made in "Add a site": its secret key, shown once. */
export const createdSecret = signal<{ name: string; secretKey: string } | undefined>(undefined);

// The form's editable copy of the parts staff change most.
export const form = {
  origins: signal(''),
  policyUrl: signal(''),
  policyVersion: signal(''),
  material: signal(false),
  summaryNb: signal(''),
  summaryEn: signal(''),
  softOptIn: signal(''),
  digestEmail: signal(''),
  digestWebhook: signal(''),
};

export async function load(key: string): Promise<void> {
  selected.value = key;
  newSecret.value = undefined;
  createdSecret.value = undefined;
  saved.value = false;
  failed.value = undefined;
  issues.list.value = [];
  const [view] = await Promise.all([api<SiteView>(`/sites/${encodeURIComponent(key)}`), loadPolicies(key)]);
  show(view);
}

/** The form filled in from `view`, which becomes what `changed` measures the form against. */
export function show(view: SiteView): void {
  batch(() => {
    site.value = view;
    const s = view.settings;
    const d = draftOf(s);
    draft.value = d;
    form.origins.value = s.origins.join('\n');
    form.policyUrl.value = s.policy.url;
    form.policyVersion.value = s.policy.version;
    form.material.value = false;
    form.summaryNb.value = '';
    form.summaryEn.value = '';
    form.softOptIn.value = Object.entries(s.forms).filter(([, f]) => f.basis === 'existing-customer').map(([id]) => id).join('\n');
    form.digestEmail.value = view.console.digestEmail ?? '';
    form.digestWebhook.value = view.console.digestWebhook ?? '';
    loaded.value = snapshot(view, d);
  });
}

/**
 * The form as one string: the document `toDocument` would send (so a row added and removed again,
 * or a trailing space, is no change) and the raw fields kept outside the draft.
 */
const snapshot = (view: SiteView, d: SiteDraft) => JSON.stringify([toDocument(view.settings, d), Object.values(form).map((f) => f.value)]);
const loaded = signal('');

/** The form differs from what was loaded or last saved: switching site or leaving the page would lose it. */
export const changed = computed(() => {
  const view = site.value;
  const d = draft.value;
  return !!view && !!d && snapshot(view, d) !== loaded.value;
});

const lines = (v: string) => v.split('\n').map((x) => x.trim()).filter(Boolean);

export async function save(): Promise<void> {
  const current = site.value?.settings;
  const etag = site.value?.etag;
  const d = draft.value;
  if (!current || !etag || !d) return;
  failed.value = undefined;
  issues.list.value = [];
  saved.value = false;
  const forms = Object.fromEntries(lines(form.softOptIn.value).map((id) => [id, { basis: 'existing-customer' as const }]));
  // A material change gets a new version, which makes the notice come back with the one-line summary;
  // the flag has the server email everyone with active marketing consent, once per version.
  const policy = form.material.value
    ? { url: form.policyUrl.value, version: form.policyVersion.value, changeSummary: { nb: form.summaryNb.value, en: form.summaryEn.value }, materialChange: true }
    : form.policyVersion.value === current.policy.version
      ? { ...current.policy, url: form.policyUrl.value }
      : // A new version that is not material: visitors are asked again, no one is mailed, and the old summary does not describe it.
        { url: form.policyUrl.value, version: form.policyVersion.value };
  const body = toDocument({ ...current, origins: lines(form.origins.value), policy, forms }, d);
  // Taken with the body, so the server's index paths find the rows that were sent.
  const rows = rowPaths(d);
  const path = `/sites/${encodeURIComponent(current.key)}`;
  try {
    await api(path, { method: 'PUT', headers: { 'If-Match': etag }, body });
    try {
      await api(`${path}/console-settings`, {
        method: 'PUT',
        body: { digestEmail: form.digestEmail.value.trim() || null, digestWebhook: form.digestWebhook.value.trim() || null },
      });
    } catch (error) {
      // The document is saved by now: take its new version, so the next save is not told someone else saved first.
      site.value = await api<SiteView>(path);
      throw error;
    }
    // The site alone is read back: a policy text being edited further down the page stays as typed.
    const [view] = await Promise.all([api<SiteView>(path), consents.loadSites()]);
    show(view);
    saved.value = true;
  } catch (error) {
    // Nothing the owner typed is thrown away: the form keeps its values, the refused fields are marked.
    const found = issuesOf(error, PREFIX, rows);
    if (found) {
      issues.list.value = found;
      failed.value = 'invalid';
      requestFocus(`${PREFIX}-issues`);
    } else failed.value = error instanceof ConsoleApiError && error.body.error === 'edit_conflict' ? 'edit_conflict' : (error as Error).message;
  }
}


