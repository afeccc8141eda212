/** @module A site's webhook endpoints (owner): add one (secret shown once), list them with their deliveries, resend, delete. */
import { batch, signal } from '@preact/signals';
import { WebhookEventType } from '../../protocol/index.ts';
import type { WebhookDelivery, WebhookEndpoint } from '../../protocol/index.ts';
import { api, ConsoleApiError } from '../api/client.ts';
import { requestFocus } from '../ui/focus.tsx';

/** Every event an endpoint may ask for, in the protocol's order. */
export const EVENTS = WebhookEventType.options;
export type EndpointState = 'active' | 'failing';

/** Element ids the page draws and focus is moved to. */
export const IDS = { picker: 'wh-site', url: 'wh-url', events: 'wh-events', secret: 'wh-secret', list: 'wh-list-h', confirm: (id: string) => `wh-confirm-${id}`, del: (id: string) => `wh-delete-${id}` };

/** Why a URL was refused, as the field shows it: the server's code (worded by us) and its own words. */
export interface UrlRefusal {
  code: 'invalid_url' | 'scheme_not_allowed' | 'target_not_public' | 'other';
  server: string;
}

export const selected = signal('');
export const endpoints = signal<WebhookEndpoint[]>([]);
export const deliveries = signal<Record<string, WebhookDelivery[]>>({});
export const loaded = signal(false);
export const failed = signal<string | undefined>(undefined);
export const busy = signal(false);
/** The secret of the endpoint just added: shown once, gone with the next load. */
export const created = signal<{ url: string; secret: string } | undefined>(undefined);
export const urlError = signal<UrlRefusal | undefined>(undefined);
export const eventsMissing = signal(false);
/** The endpoint whose delete is being asked about. */
export const confirming = signal<string | undefined>(undefined);
/** What the last action did, for the status line. */
export const said = signal<{ kind: 'resent' | 'deleted'; url: string } | undefined>(undefined);

export const form = { url: signal(''), description: signal(''), events: signal<WebhookEventType[]>([]) };

/** Active while the endpoint answers; failing from its first failure in a row until a success. */
export const stateOf = (e: Pick<WebhookEndpoint, 'consecutiveFailures'>): EndpointState => (e.consecutiveFailures > 0 ? 'failing' : 'active');

/** When a pending delivery is tried next (null when it is not pending); 0 in the store means now. */
export function nextTry(d: Pick<WebhookDelivery, 'state' | 'nextAttemptAt'>, now = Date.now()): Date | null {
  if (d.state !== 'pending') return null;
  return new Date(Math.max(d.nextAttemptAt, now));
}

/** The server's refusal of the URL, or undefined when the error is about something else. */
export function urlRefusal(error: unknown): UrlRefusal | undefined {
  if (!(error instanceof ConsoleApiError) || error.status !== 400) return undefined;
  const issue = error.body.issues?.find((i) => i.path === 'url');
  if (!issue) return undefined;
  const code = error.body.error;
  if (code === 'scheme_not_allowed' || code === 'target_not_public' || code === 'invalid_url') return { code, server: issue.message };
  // The schema's own refusal (not a URL, or not http/https) is a validation failure on `url`.
  return { code: code === 'validation_failed' ? 'invalid_url' : 'other', server: issue.message };
}

const base = () => `/sites/${encodeURIComponent(selected.value)}/webhooks`;

export async function load(key: string): Promise<void> {
  if (key !== selected.value) batch(() => {
    selected.value = key;
    created.value = undefined;
    said.value = undefined;
  });
  failed.value = undefined;
  try {
    const list = (await api<{ endpoints: WebhookEndpoint[] }>(base())).endpoints;
    const each = await Promise.all(list.map((e) => api<{ deliveries: WebhookDelivery[] }>(`${base()}/${encodeURIComponent(e.id)}/deliveries`)));
    batch(() => {
      endpoints.value = list;
      deliveries.value = Object.fromEntries(list.map((e, i) => [e.id, each[i]!.deliveries]));
      loaded.value = true;
    });
  } catch {
    failed.value = 'load';
  }
}

export function toggleEvent(type: WebhookEventType, on: boolean): void {
  eventsMissing.value = false;
  const rest = form.events.value.filter((x) => x !== type);
  // Kept in the protocol's order, whatever order they were ticked in.
  form.events.value = on ? EVENTS.filter((x) => x === type || rest.includes(x)) : rest;
}

export async function add(): Promise<void> {
  if (busy.value) return;
  urlError.value = undefined;
  eventsMissing.value = form.events.value.length === 0;
  if (eventsMissing.value) return requestFocus(IDS.events);
  busy.value = true;
  try {
    const body = { url: form.url.value.trim(), events: form.events.value, ...(form.description.value.trim() ? { description: form.description.value.trim() } : {}) };
    const answer = await api<{ endpoint: WebhookEndpoint; secret: string }>(base(), { method: 'POST', body });
    batch(() => {
      created.value = { url: answer.endpoint.url, secret: answer.secret };
      said.value = undefined;
      form.url.value = '';
      form.description.value = '';
      form.events.value = [];
    });
    requestFocus(IDS.secret);
    await load(selected.value);
  } catch (error) {
    const refusal = urlRefusal(error);
    if (refusal) {
      urlError.value = refusal;
      requestFocus(IDS.url);
    } else failed.value = error instanceof ConsoleApiError && error.body.error === 'too_many_endpoints' ? 'tooMany' : 'other';
  } finally {
    busy.value = false;
  }
}

export async function resend(endpoint: WebhookEndpoint, delivery: number): Promise<void> {
  failed.value = undefined;
  try {
    await api(`${base()}/${encodeURIComponent(endpoint.id)}/deliveries/${delivery}/resend`, { method: 'POST' });
    said.value = { kind: 'resent', url: endpoint.url };
    await load(selected.value);
  } catch {
    failed.value = 'other';
  }
}

export async function remove(endpoint: WebhookEndpoint): Promise<void> {
  failed.value = undefined;
  try {
    await api(`${base()}/${encodeURIComponent(endpoint.id)}`, { method: 'DELETE' });
    batch(() => {
      confirming.value = undefined;
      said.value = { kind: 'deleted', url: endpoint.url };
    });
    await load(selected.value);
    requestFocus(IDS.list);
  } catch {
    failed.value = 'other';
  }
}

/** Asks before deleting (focus to the question's confirm button); cancelling takes focus back to the delete button. */
export function askDelete(id: string): void {
  confirming.value = id;
  requestFocus(IDS.confirm(id));
}

export function cancelDelete(): void {
  const id = confirming.value;
  confirming.value = undefined;
  if (id) requestFocus(IDS.del(id));
}
