/** @module The console's one way to the server: same-origin JSON, the CSRF token on every write, one error type. */
import type { ApiErrorBody } from '../../protocol/index.ts';

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody & { retryAfter?: number },
  ) {
    super(body.message);
  }
}

let csrfToken: string | undefined;
/** Set after sign-in; sent as X-CSRF-Token on every state-changing request. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

let onSignedOut: () => void = () => {};
/** Called when any answer says the session is gone, so the app can show the sign-in page. */
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

export async function api<T>(path: string, { method = 'GET', body, headers: extra }: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const headers: Record<string, string> = { ...extra, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(`/console/api${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const data = (await res.json().catch(() => ({ error: 'bad_response', message: res.statusText }))) as T | ApiErrorBody;
  if (!res.ok) {
    const error = new ConsoleApiError(res.status, data as ApiErrorBody);
    if (res.status === 401 && !path.startsWith('/login')) onSignedOut();
    throw error;
  }
  return data as T;
}

/** A link the browser downloads itself (CSV/JSON exports); GET, so the session cookie is enough. */
export function downloadUrl(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1]));
  return `/console/api${path}?${params}`;
}
