import { z } from 'zod';
import {
  ApiErrorBody, AskPolicy, ConsentEvent, CreateRightsRequest, CreatedRightsRequest, EventBatch, EventBatchResult, Handover, MarketingList,
  OpenConversation, OpenedConversation, PolicyAnswers, PostMessage, PostedMessage, RightsRequestStatus, SiteConfig, VerifyCode,
  ConsentWebhookPayload, RequestWebhookPayload, SubjectWebhookPayload, WebhookEventType,
} from '../../../protocol/index.ts';
import { OPENAPI_EXAMPLES } from './examples.ts';

/** `secretKeyOrOrigin`: the key from a site's backend, nothing from a browser on one of the site's origins. */
type Auth = 'secretKey' | 'secretKeyOrOrigin' | 'visitorToken' | 'none';

/** One /v1 route: what it takes and gives, by its protocol schemas. */
interface Operation {
  method: 'get' | 'post' | 'delete';
  /** Hono's form (`/v1/sites/:key/config`); turned into `{key}` for OpenAPI. */
  path: string;
  summary: string;
  auth: Auth;
  body?: z.ZodType;
  response?: z.ZodType;
  /** A key of OPENAPI_EXAMPLES for the request body. */
  example?: keyof typeof OPENAPI_EXAMPLES;
}

/** Every /v1 route of the app. test: openapi.test.ts fails when app.routes has one that is not here. */
export const OPERATIONS: Operation[] = [
  { method: 'post', path: '/v1/events', summary: 'Store consent events (the widget, or the site\'s backend with its secret key)', auth: 'secretKeyOrOrigin', body: EventBatch.extend({ events: z.array(ConsentEvent).min(1).max(20) }), response: EventBatchResult, example: 'events' },
  { method: 'get', path: '/v1/sites/:key/marketing-list', summary: 'The people on the site\'s marketing list (ETag / If-None-Match)', auth: 'secretKey', response: MarketingList },
  { method: 'get', path: '/v1/requests/:id/export', summary: 'A completed access or portability request\'s copy, with the request\'s own token', auth: 'visitorToken' },
  { method: 'get', path: '/v1/sites/:key/config', summary: 'The widget\'s settings and texts for a site', auth: 'none', response: SiteConfig },
  { method: 'post', path: '/v1/sites/:key/answers', summary: 'Answers to a question from the site\'s policy', auth: 'none', body: AskPolicy, response: PolicyAnswers },
  { method: 'post', path: '/v1/conversations', summary: 'Open a privacy chat conversation', auth: 'none', body: OpenConversation, response: OpenedConversation },
  { method: 'get', path: '/v1/conversations/:id/messages', summary: 'The conversation\'s messages', auth: 'visitorToken' },
  { method: 'post', path: '/v1/conversations/:id/messages', summary: 'Send a message', auth: 'visitorToken', body: PostMessage, response: PostedMessage },
  { method: 'post', path: '/v1/conversations/:id/handover', summary: 'Ask for a person', auth: 'visitorToken', body: Handover },
  { method: 'get', path: '/v1/conversations/:id/events', summary: 'Staff replies as server-sent events', auth: 'visitorToken' },
  { method: 'delete', path: '/v1/conversations/:id', summary: 'End and erase the conversation', auth: 'visitorToken' },
  { method: 'post', path: '/v1/requests', summary: 'Make a rights request (verified by an emailed code)', auth: 'none', body: CreateRightsRequest, response: CreatedRightsRequest },
  { method: 'get', path: '/v1/requests/:id', summary: 'A rights request\'s status', auth: 'visitorToken', response: RightsRequestStatus },
  { method: 'post', path: '/v1/requests/:id/verify', summary: 'Verify a rights request with its code', auth: 'visitorToken', body: VerifyCode },
  { method: 'post', path: '/v1/requests/:id/resend', summary: 'Send the code again', auth: 'visitorToken' },
  { method: 'post', path: '/v1/requests/:id/withdraw', summary: 'Withdraw a rights request', auth: 'visitorToken' },
  { method: 'get', path: '/v1/openapi.json', summary: 'This document', auth: 'none' },
];

/** JSON Schema 2020-12 (what OpenAPI 3.1 uses); transforms and refinements are described by their input. */
const schema = (s: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _unused, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};
const json = (s: z.ZodType, io: 'input' | 'output', example?: unknown) => ({ 'application/json': { schema: schema(s, io), ...(example ? { example } : {}) } });
const error = { description: 'Refused: `{ error, message, issues? }`', content: json(ApiErrorBody, 'output') };

/** The OpenAPI 3.1 document, built from the zod schemas in protocol/ (the wire's one source of truth). */
export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    (paths[op.path.replace(/:(\w+)/g, '{$1}')] ??= {})[op.method] = {
      summary: op.summary,
      ...(params.length ? { parameters: params } : {}),
      security: op.auth === 'none' ? [] : op.auth === 'secretKeyOrOrigin' ? [{ secretKey: [] }, {}] : op.auth === 'secretKey' ? [{ secretKey: [] }] : [{ visitorToken: [] }],
      ...(op.body ? { requestBody: { required: true, content: json(op.body, 'input', op.example ? OPENAPI_EXAMPLES[op.example] : undefined) } } : {}),
      responses: {
        '200': { description: 'OK', ...(op.response ? { content: json(op.response, 'output') } : {}) },
        '4XX': error,
      },
    };
  }
  const consentPayload = schema(ConsentWebhookPayload, 'output');
  const subjectPayload = schema(SubjectWebhookPayload, 'output');
  const requestPayload = schema(RequestWebhookPayload, 'output');
  const payloadOf = (type: string) => (type.startsWith('request.') ? requestPayload : type.startsWith('subject.') ? subjectPayload : consentPayload);
  const webhooks = Object.fromEntries(WebhookEventType.options.map((type) => [type, payloadOf(type)] as const).map(([type, payload]) => [type, {
    post: {
      summary: `Sent when ${type} is stored. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).`,
      requestBody: { required: true, content: { 'application/json': { schema: { ...payload, properties: { ...(payload.properties as object), type: { const: type } } }, example: OPENAPI_EXAMPLES.webhook(type) } } },
      responses: { '2XX': { description: 'Received; anything else is retried for 3 days' } },
    },
  }]));
  return {
    openapi: '3.1.0',
    info: { title: 'Samtykke API', version: '1', description: 'What a site\'s backend and the widget use. See docs/webhooks-and-api.md.' },
    servers: [{ url: serverUrl }],
    paths,
    webhooks,
    components: {
      securitySchemes: {
        secretKey: { type: 'http', scheme: 'bearer', description: 'The site\'s secret key (`sk_…`), server to server only' },
        visitorToken: { type: 'http', scheme: 'bearer', description: 'The token given when the conversation or request was made' },
      },
    },
  };
}
