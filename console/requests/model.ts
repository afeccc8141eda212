/** @module Rights requests: the list by due date, one request with its trail, and the staff actions. */
import { signal } from '@preact/signals';
import type { RequestCounts, RequestListQuery } from '../../protocol/index.ts';
import type { StoredRightsRequest, SubjectSummary, ConsoleConsentRecord } from '../../server/store/index.ts';
import { api, ConsoleApiError } from '../api/client.ts';
import { focusMainHeading } from '../ui/focus.tsx';

/** A request with where it stands against its deadline, by the server's one rule (closed: no days left, never overdue). */
export type RequestView = Omit<StoredRightsRequest, 'tokenHash'> & { open: boolean; daysLeft: number | null; overdue: boolean; dueSoon: boolean; extendedAt: string | null };
export interface RequestDetail {
  request: RequestView;
  events: { at: string; type: string; actor: string; data: Record<string, unknown> | null }[];
  subjects: SubjectSummary[];
  consents: ConsoleConsentRecord[];
  export: { createdAt: string; expiresAt: string } | null;
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

export async function loadList(): Promise<void> {
  const query = new URLSearchParams({ state: state.value, ...(kind.value ? { kind: kind.value } : {}) });
  const answer = await api<{ requests: RequestView[]; counts: RequestCounts }>(`/requests?${query}`);
  list.value = answer.requests;
  counts.value = answer.counts;
}

export async function load(id: string): Promise<void> {
  detail.value = await api<RequestDetail>(`/requests/${encodeURIComponent(id)}`);
}

async function act(path: string, body: unknown): Promise<void> {
  const id = detail.value?.request.id;
  if (!id) return;
  error.value = undefined;
  try {
    await api(`/requests/${encodeURIComponent(id)}${path}`, { method: 'POST', body });
    reason.value = '';
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
export const buildExport = () => act('/export', {});
export const erase = () => act('/erase', { reason: reason.value });
export const flag = (f: 'restricted' | 'objected', on: boolean) => act('/flags', { flag: f, on, reason: reason.value });
