import { describe, expect, it } from 'vitest';
import { EventBatch, ConsentEvent, MarketingList, WebhookEventType, WebhookPayload } from '../../../protocol/index.ts';
import { testApp } from '../../testing.ts';
import { OPENAPI_EXAMPLES } from './index.ts';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> } }>>;
  webhooks: Record<string, { post: { requestBody: { content: Record<string, { example: unknown }> } } }>;
};

describe('the OpenAPI document', () => {
  it('is served at /v1/openapi.json and names every /v1 route of the app and every webhook event', async () => {
    const t = await testApp();
    const res = await t.app.request('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    // From the app itself: a route added without a line in OPERATIONS fails here.
    const routes = [...new Set(t.app.routes
      .filter((r) => r.path.startsWith('/v1/') && r.method !== 'ALL' && !r.path.endsWith('*'))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`))].sort();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)).sort();
    expect(routes.length).toBeGreaterThan(10);
    expect(documented).toEqual(routes);
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WebhookEventType.options].sort());
    await t.store.close();
  });

  it('has examples that the protocol schemas accept', async () => {
    const t = await testApp();
    const doc = (await (await t.app.request('/v1/openapi.json')).json()) as Doc;
    const eventsExample = doc.paths['/v1/events']!.post!.requestBody!.content['application/json']!.example;
    expect(EventBatch.parse(eventsExample)).toBeTruthy();
    for (const e of (eventsExample as { events: unknown[] }).events) expect(ConsentEvent.safeParse(e).success).toBe(true);
    for (const [type, hook] of Object.entries(doc.webhooks)) {
      expect(WebhookPayload.parse(hook.post.requestBody.content['application/json']!.example).type).toBe(type);
    }
    expect(MarketingList.safeParse(OPENAPI_EXAMPLES.marketingList).success).toBe(true);
    await t.store.close();
  });
});
