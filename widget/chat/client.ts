import type {
  ApiErrorBody,
  ChatMessage,
  CreateRightsRequest,
  CreatedRightsRequest,
  Lang,
  OpenedConversation,
  PolicyAnswers,
  PostedMessage,
  PostMessage,
  RightsRequestStatus,
} from '../../protocol/index.ts';

export type Result<T> =
  | { ok: true; data: T }
  /** `retry`: worth trying again later (offline, server error, rate limit); `status` 0 means offline. */
  | { ok: false; status: number; error: string; message: string; retry: boolean; attemptsLeft?: number };

/** What the browser holds to reach its own conversation or request: the id and its secret token. */
export interface Credentials {
  id: string;
  token: string;
}

export type ChatClient = ReturnType<typeof createChatClient>;

/**
 * The chat's side of the wire (protocol/chat.ts, protocol/rights.ts). Never throws: a failure comes
 * back as a Result, so the model decides what the visitor sees.
 */
export function createChatClient(api: string, site: string) {
  const path = (p: string, id: string) => `${api}/v1/${p}/${encodeURIComponent(id)}`;
  return {
    openConversation: (lang: Lang) => call<OpenedConversation>('POST', `${api}/v1/conversations`, { site, lang }),
    postMessage: (c: Credentials, body: PostMessage) => call<PostedMessage>('POST', `${path('conversations', c.id)}/messages`, body, c.token),
    handover: (c: Credentials, email?: string) => call<unknown>('POST', `${path('conversations', c.id)}/handover`, email ? { email } : {}, c.token),
    async messagesAfter(c: Credentials, after: number): Promise<Result<ChatMessage[]>> {
      const res = await call<ChatMessage[] | { messages: ChatMessage[] }>('GET', `${path('conversations', c.id)}/messages?after=${after}`, undefined, c.token);
      return res.ok ? { ok: true, data: Array.isArray(res.data) ? res.data : res.data.messages ?? [] } : res;
    },
    /** EventSource cannot send headers, so the token travels in the query (over TLS, to our own API). */
    eventsUrl: (c: Credentials, after: number) => `${path('conversations', c.id)}/events?token=${encodeURIComponent(c.token)}&after=${after}`,
    deleteConversation: (c: Credentials) => call<unknown>('DELETE', path('conversations', c.id), undefined, c.token),
    ask: (lang: Lang, question: string) => call<PolicyAnswers>('POST', `${path('sites', site)}/answers`, { lang, question }),
    createRequest: (body: Omit<CreateRightsRequest, 'site'>) => call<CreatedRightsRequest>('POST', `${api}/v1/requests`, { site, ...body }),
    verify: (r: Credentials, code: string) => call<RightsRequestStatus>('POST', `${path('requests', r.id)}/verify`, { code }, r.token),
    status: (r: Credentials) => call<RightsRequestStatus>('GET', path('requests', r.id), undefined, r.token),
    withdraw: (r: Credentials) => call<RightsRequestStatus>('POST', `${path('requests', r.id)}/withdraw`, {}, r.token),
    resend: (r: Credentials) => call<unknown>('POST', `${path('requests', r.id)}/resend`, {}, r.token),
    /** The access or portability copy as a file; fetched, since a plain link could not carry the token. */
    exportFile: (r: Credentials) => call<Blob>('GET', `${path('requests', r.id)}/export`, undefined, r.token, true),
  };
}

async function call<T>(method: string, url: string, body?: unknown, token?: string, file?: boolean): Promise<Result<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
  } catch {
    return { ok: false, status: 0, error: 'offline', message: 'could not reach the server', retry: true };
  }
  if (response.ok && file) return response.blob().then((data) => ({ ok: true, data: data as T }), () => ({ ok: false, status: 0, error: 'offline', message: 'the download broke off', retry: true }));
  const data = (await response.json().catch(() => undefined)) as unknown;
  if (response.ok) return { ok: true, data: data as T };
  const err = (data ?? {}) as Partial<ApiErrorBody>;
  const retry = response.status >= 500 || response.status === 429 || response.status === 408;
  // A wrong verification code says how many tries are left (server/routes/rights.ts).
  const left = (data as { attemptsLeft?: unknown } | undefined)?.attemptsLeft;
  return { ok: false, status: response.status, error: err.error ?? `http_${response.status}`, message: err.message ?? response.statusText, retry, ...(typeof left === 'number' ? { attemptsLeft: left } : {}) };
}
