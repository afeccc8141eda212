import type { ApiErrorBody, ConsentEvent, EventBatchResult } from '../../protocol/index.ts';

export type PostResult =
  | { ok: true; result: EventBatchResult }
  /** `retry`: worth sending again later (offline, server error, rate limit). */
  | { ok: false; retry: boolean; status: number; body?: Partial<ApiErrorBody & EventBatchResult> };

/**
 * Sends a batch of events. `text/plain` keeps it a simple CORS request: a keepalive request
 * that needs a preflight is not sent at all by some browsers while the page unloads.
 */
export async function postEvents(api: string, site: string, events: ConsentEvent[]): Promise<PostResult> {
  let response: Response;
  try {
    response = await fetch(`${api}/v1/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ site, events }),
      keepalive: true,
      credentials: 'omit',
    });
  } catch {
    return { ok: false, retry: true, status: 0 };
  }
  const body = (await response.json().catch(() => undefined)) as (Partial<ApiErrorBody> & EventBatchResult) | undefined;
  if (response.ok && body && Array.isArray(body.acked)) return { ok: true, result: body };
  const retry = response.status >= 500 || response.status === 429 || response.status === 408 || response.status === 0;
  return { ok: false, retry, status: response.status, body };
}
