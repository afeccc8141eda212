/** @module Rights requests: the list by due date, one request with its trail, and the staff actions. */
import { signal } from '@preact/signals';
import type { ConsoleConsentRecord, ConsoleRightsRequest, RequestCorrection, RequestCounts, RequestListQuery, SubjectSummary } from '../../protocol/index.ts';
import { api, ConsoleApiError } from '../api/client.ts';
import { focusMainHeading } from '../ui/focus.tsx';

/** A request with where it stands against its deadline, by the server's one rule (closed: no days left, never overdue). */
export type RequestView = ConsoleRightsRequest;
export interface RequestDetail {
  request: RequestView;
  events: { at: string; type: string; actor: string; data: Record<string, unknown> | null }[];
  subjects: SubjectSummary[];
  consents: ConsoleConsentRecord[];
  export: { createdAt: string; expiresAt: string } | null;
  corrections: RequestCorrection[];
}

export const list = signal<RequestView[]>([]);
export const counts = signal<RequestCounts | undefined>(undefined);
/** The board's filters; open requests first, as a DPO's day starts with them. */
export const state = signal<NonNullable<RequestListQuery['state']>>('open');
export const kind = signal('');
export const detail = signal<RequestDetail | undefined>(undefined);
export const reason = signal('');
export const months = signal('2');
export const error = signal<string | undefined>(undefined);
/** The rows of corrections being written, before they are recorded: any field, old → new. */
export const draft = signal<RequestCorrection[]>([{ field: '', old: '', new: '' }]);
/** The export as built, fetched for staff to look at before the request is completed (and the export released). */
export const preview = signal<{ consents: unknown[]; chats: unknown[]; requests: unknown[]; text: string } | undefined>(undefined);
/** The erasure question is up. */
export const confirmingErase = signal(false);

export async function loadList(): Promise<void> {
  const query = new URLSearchParams({ state: state.value, ...(kind.value ? { kind: kind.value } : {}) });
  const answer = await api<{ requests: RequestView[]; counts: RequestCounts }>(`/requests?${query}`);
  list.value = answer.requests;
  counts.value = answer.counts;
}

export async function load(id: string): Promise<void> {
  if (detail.value?.request.id !== id) {
    draft.value = [{ field: '', old: '', new: '' }];
    preview.value = undefined;
    confirmingErase.value = false;
  }
  detail.value = await api<RequestDetail>(`/requests/${encodeURIComponent(id)}`);
}

async function act(path: string, body: unknown, after?: () => void): Promise<void> {
  const id = detail.value?.request.id;
  if (!id) return;
  error.value = undefined;
  try {
    await api(`/requests/${encodeURIComponent(id)}${path}`, { method: 'POST', body });
    reason.value = '';
    after?.();
  } catch (e) {
    error.value = e instanceof ConsoleApiError ? e.message : String(e);
  }
  await load(id);
  // The button pressed may be gone now (a finished request has no actions): focus goes to the heading, or the error.
  if (error.value) document.getElementById('request-error')?.focus();
  else focusMainHeading();
}

const why = () => reason.value.trim() || undefined;
export const setStatus = (to: 'in-progress' | 'completed' | 'rejected') => act('/status', { to, ...(why() ? { reason: why() } : {}) });
export const extend = () => act('/extend', { months: Number(months.value), reason: reason.value });
export const buildExport = () => act('/export', {}, () => (preview.value = undefined));
export const erase = () => {
  confirmingErase.value = false;
  return act('/erase', { reason: reason.value });
};

export function editCorrection(i: number, key: keyof RequestCorrection, value: string): void {
  draft.value = draft.value.map((row, j) => (j === i ? { ...row, [key]: value } : row));
}
export function addCorrection(): void {
  draft.value = [...draft.value, { field: '', old: '', new: '' }];
}
export function removeCorrection(i: number): void {
  draft.value = draft.value.filter((_, j) => j !== i);
}
/** Records the filled rows; the requester is told them when the request is completed. */
export const recordCorrections = () =>
  act('/corrections', { corrections: draft.value.filter((c) => c.field.trim()), ...(why() ? { reason: why() } : {}) }, () => (draft.value = [{ field: '', old: '', new: '' }]));

export async function loadPreview(): Promise<void> {
  const id = detail.value?.request.id;
  if (!id) return;
  const body = await api<{ consents: unknown[]; chats: unknown[]; requests: unknown[] }>(`/requests/${encodeURIComponent(id)}/export`);
  preview.value = { consents: body.consents, chats: body.chats, requests: body.requests, text: JSON.stringify(body, null, 2) };
}
export const flag = (f: 'restricted' | 'objected', on: boolean) => act('/flags', { flag: f, on, reason: reason.value });
