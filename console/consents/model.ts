/** @module Consent records: the search, one person's history, one proof, and the chain check. */
import type { ChainCheck, ChainCheckAnswer, ChainHead, ConsentProofView, ConsoleConsentRecord, RecordCheck, SubjectSummary } from '../../protocol/index.ts';
import { signal } from '@preact/signals';
import { api, ConsoleApiError } from '../api/client.ts';

export const filters = {
  site: signal(''),
  email: signal(''),
  formId: signal(''),
  purpose: signal(''),
  from: signal(''),
  to: signal(''),
};
export const results = signal<ConsoleConsentRecord[]>([]);
export const nextBeforeSeq = signal<number | undefined>(undefined);
export const searched = signal(false);
export const loading = signal(false);
export const failed = signal(false);
export const sites = signal<{ key: string; name: string }[]>([]);

const query = (extra: Record<string, string | number | undefined> = {}) => {
  const entries = Object.entries({ ...Object.fromEntries(Object.entries(filters).map(([k, s]) => [k, s.value.trim()])), ...extra });
  return new URLSearchParams(entries.filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '').map(([k, v]) => [k, String(v)])).toString();
};

async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
  loading.value = true;
  failed.value = false;
  try {
    return await fn();
  } catch {
    failed.value = true;
    return undefined;
  } finally {
    loading.value = false;
  }
}

export async function loadSites(): Promise<void> {
  sites.value = (await api<{ sites: { key: string; name: string }[] }>('/sites')).sites;
}

export async function search(): Promise<void> {
  const data = await run(() => api<{ records: ConsoleConsentRecord[]; nextBeforeSeq?: number }>(`/consents?${query()}`));
  if (!data) return;
  results.value = data.records;
  nextBeforeSeq.value = data.nextBeforeSeq;
  searched.value = true;
}

export async function more(): Promise<void> {
  const data = await run(() => api<{ records: ConsoleConsentRecord[]; nextBeforeSeq?: number }>(`/consents?${query({ beforeSeq: nextBeforeSeq.value })}`));
  if (!data) return;
  results.value = [...results.value, ...data.records];
  nextBeforeSeq.value = data.nextBeforeSeq;
}

export const exportQuery = () => ({ site: filters.site.value || undefined, from: filters.from.value || undefined, to: filters.to.value || undefined });

// One person's history.
export const history = signal<{ email: string; subjects: SubjectSummary[]; records: ConsoleConsentRecord[] } | undefined>(undefined);

export async function loadHistory(email: string): Promise<void> {
  history.value = undefined;
  const data = await run(() => api<{ subjects: SubjectSummary[]; records: ConsoleConsentRecord[] }>(`/consents/history?email=${encodeURIComponent(email)}`));
  if (data) history.value = { email, ...data };
}

export async function setFlag(subjectId: number, flag: 'restricted' | 'objected', on: boolean, reason: string): Promise<void> {
  await api(`/subjects/${subjectId}/flags`, { method: 'POST', body: { flag, on, reason } });
  if (history.value) await loadHistory(history.value.email);
}

export async function erase(subjectId: number, reason: string): Promise<void> {
  await api(`/subjects/${subjectId}/erase`, { method: 'POST', body: { reason } });
  if (history.value) await loadHistory(history.value.email);
}

// One proof, with whether its record still holds its chain check.
export type ProofAnswer = ConsentProofView & { check: RecordCheck };
export const proof = signal<ProofAnswer | undefined>(undefined);
export async function loadProof(eventId: string): Promise<void> {
  proof.value = undefined;
  const data = await run(() => api<ProofAnswer>(`/consents/${encodeURIComponent(eventId)}/proof`));
  if (data) proof.value = data;
}

// The chain check, per site.
export const chains = signal<Record<string, (ChainCheck & { head: ChainHead }) | 'checking'>>({});
export async function verifyChain(site: string): Promise<void> {
  chains.value = { ...chains.value, [site]: 'checking' };
  const data = await api<ChainCheck & { head: ChainHead }>(`/sites/${encodeURIComponent(site)}/chain`);
  chains.value = { ...chains.value, [site]: data };
}

// Today's chain against an earlier digest the person kept (pasted from the mail or a file).
export const digestText = signal('');
export const digestSite = signal('');
export const digestAnswer = signal<ChainCheckAnswer | { error: string } | undefined>(undefined);
export async function checkDigest(): Promise<void> {
  const site = digestSite.value || sites.value[0]?.key;
  if (!site) return;
  try {
    digestAnswer.value = await api<ChainCheckAnswer>(`/sites/${encodeURIComponent(site)}/chain/check`, { method: 'POST', body: { digest: digestText.value } });
  } catch (e) {
    digestAnswer.value = { error: e instanceof ConsoleApiError ? e.body.error : 'error' };
  }
}
