import { describe, expect, it } from 'vitest';
import type { WebhookDelivery, WebhookEndpoint } from '../../store/index.ts';
import { backends } from '../../store/backends.testing.ts';
import { createOutboundGuard } from '../../services/outbound/index.ts';
import { formEvent, SITE } from '../../testing.ts';
import { AGENT, consoleTestApp, OWNER } from './testing.ts';

const base = `/console/api/sites/${SITE}/webhooks`;

describe.each(backends)('webhook endpoints in the console on $name', (backend) => {
  it('lets an owner add an endpoint, shows its secret once, lists deliveries with the last answer, resends and removes', async () => {
    const t = await consoleTestApp({ backend, outbound: createOutboundGuard() });
    const owner = await t.signIn(OWNER);
    const add = await t.request(base, { method: 'POST', session: owner, body: { url: 'https://crm.example.com/hooks', events: ['consent.granted', 'consent.withdrawn'], description: 'CRM' } });
    expect(add.status).toBe(201);
    const { endpoint, secret } = (await add.json()) as { endpoint: WebhookEndpoint; secret: string };
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const list = await (await t.request(base, { session: owner })).json();
    expect(list).toEqual({ endpoints: [endpoint] });
    expect(JSON.stringify(list)).not.toContain(secret);

    await t.store.appendConsentEvents([{ site: SITE, event: formEvent(t.textHash), receivedAt: new Date(), source: 'browser' }]);
    const { deliveries } = (await (await t.request(`${base}/${endpoint.id}/deliveries`, { session: owner })).json()) as { deliveries: WebhookDelivery[] };
    expect(deliveries).toMatchObject([{ type: 'consent.granted', state: 'pending', attempts: 0, lastResponse: null }]);
    await t.store.finishWebhookDelivery({ id: deliveries[0]!.id, endpointId: endpoint.id, at: new Date(), ok: false, status: null, response: 'timeout: no answer' });
    const after = (await (await t.request(`${base}/${endpoint.id}/deliveries`, { session: owner })).json()) as { deliveries: WebhookDelivery[]; endpoint: WebhookEndpoint };
    expect(after.deliveries[0]).toMatchObject({ state: 'failed', lastResponse: 'timeout: no answer' });
    expect(after.endpoint.consecutiveFailures).toBe(1);

    const resend = await t.request(`${base}/${endpoint.id}/deliveries/${deliveries[0]!.id}/resend`, { method: 'POST', session: owner });
    expect(resend.status).toBe(200);
    expect((await t.store.listWebhookDeliveries(SITE, endpoint.id, 1))[0]!.state).toBe('pending');
    expect((await t.request(`${base}/${endpoint.id}/deliveries/99999/resend`, { method: 'POST', session: owner })).status).toBe(404);
    expect((await t.request(`${base}/${endpoint.id}/deliveries/x/resend`, { method: 'POST', session: owner })).status).toBe(400);

    expect((await t.request(`${base}/${endpoint.id}`, { method: 'DELETE', session: owner })).status).toBe(200);
    expect(await t.store.listWebhookEndpoints(SITE)).toEqual([]);
    expect((await t.request(`${base}/${endpoint.id}`, { method: 'DELETE', session: owner })).status).toBe(404);
  });

  it('refuses addresses inside the network, plain http, unknown events and oversized settings with a 400 naming the field', async () => {
    const t = await consoleTestApp({ backend, outbound: createOutboundGuard() });
    const owner = await t.signIn(OWNER);
    const refused = async (body: unknown, status = 400) => {
      const res = await t.request(base, { method: 'POST', session: owner, body });
      expect(res.status).toBe(status);
      return (await res.json()) as { error: string; issues?: { path: string }[] };
    };
    for (const url of ['https://127.0.0.1/hook', 'https://10.0.0.5/hook', 'https://169.254.169.254/latest', 'https://[::1]/hook', 'https://localhost/hook']) {
      expect((await refused({ url, events: ['consent.granted'] })).issues?.[0]?.path).toBe('url');
    }
    expect((await refused({ url: 'http://crm.example.com/hook', events: ['consent.granted'] })).issues?.[0]?.path).toBe('url');
    expect((await refused({ url: 'https://crm.example.com/hook', events: ['consent.everything'] })).issues?.[0]?.path).toMatch(/^events/);
    expect((await refused({ url: 'https://crm.example.com/hook', events: Array(50).fill('consent.granted') })).issues?.[0]?.path).toBe('events');
    // Past the console's body limit: refused before it is parsed.
    expect((await refused({ url: 'https://crm.example.com/hook', events: Array(100_000).fill('consent.granted') }, 413)).error).toBeTruthy();
    expect((await refused({ url: `https://crm.example.com/${'a'.repeat(5000)}`, events: ['consent.granted'] })).issues?.[0]?.path).toBe('url');
    expect((await refused({ url: 'https://crm.example.com/hook', events: ['consent.granted'], description: 'x'.repeat(201) })).issues?.[0]?.path).toBe('description');
    expect(await t.store.listWebhookEndpoints(SITE)).toEqual([]);
  });

  it('is for owners only', async () => {
    const t = await consoleTestApp({ backend });
    const agent = await t.signIn(AGENT);
    expect((await t.request(base, { session: agent })).status).toBe(403);
    expect((await t.request(base, { method: 'POST', session: agent, body: { url: 'https://crm.example.com/hooks', events: ['consent.granted'] } })).status).toBe(403);
  });
});
