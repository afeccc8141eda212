/**
 * @module Asking before a material policy change mails everyone on the marketing list: the save
 * that sends waits until the owner has seen how many will get the mail and the mail itself.
 */
import { signal } from '@preact/signals';
import type { PolicyChangePreview } from '../../protocol/index.ts';
import { api, ConsoleApiError } from '../api/client.ts';
import * as model from './model.ts';

/** The mail waiting for the owner's yes; undefined when no question is up. */
export const pending = signal<PolicyChangePreview | undefined>(undefined);
export const problem = signal<string | undefined>(undefined);

/** The form's submit: a material change asks first (nothing is sent until `confirm`), anything else saves. */
export async function submit(): Promise<void> {
  const site = model.site.value?.settings;
  const f = model.form;
  if (!site || !f.material.value) return model.save();
  problem.value = undefined;
  try {
    const policy = { url: f.policyUrl.value, version: f.policyVersion.value, changeSummary: { nb: f.summaryNb.value, en: f.summaryEn.value } };
    pending.value = await api<PolicyChangePreview>(`/sites/${encodeURIComponent(site.key)}/policy-change/preview`, { method: 'POST', body: { policy } });
  } catch (error) {
    // The save names the fields the server refuses, on the form, as for any save: nothing is mailed by a refused save.
    if (error instanceof ConsoleApiError && error.status === 400) return model.save();
    problem.value = (error as Error).message;
  }
}

export async function confirm(): Promise<void> {
  pending.value = undefined;
  await model.save();
}

export function cancel(): void {
  pending.value = undefined;
  requestAnimationFrame(() => document.getElementById('site-save')?.focus());
}
