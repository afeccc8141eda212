import { Hono } from 'hono';
import { z } from 'zod';
import { WebhookEndpointInput } from '../../../protocol/index.ts';
import type { AppDeps } from '../../app-deps.ts';
import { ApiError } from '../../errors.ts';
import { requireSite, type ConsoleEnv } from '../../middleware/console-auth/index.ts';
import { createOutboundGuard } from '../../services/outbound/index.ts';
import { jsonBody, parse } from './parse.ts';

/** Endpoints a site may have: each fans every event out once more. */
const MAX_ENDPOINTS = 10;
const DeliveryId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * A site's webhook endpoints, owner only (they receive the site's addresses): add one (its URL
 * checked by the outbound guard, its secret shown in this answer only), list them with their run
 * of failures, remove one, see an endpoint's deliveries with the last answer, and resend one.
 */
export function webhookRoutes({ store, clock, outbound = createOutboundGuard() }: AppDeps) {
  const known = async (key: string) => {
    if (!await store.getSite(key)) throw new ApiError(404, 'unknown_site', 'No site has this key.');
    return key;
  };
  const endpointOf = async (key: string, id: string) => {
    const endpoint = (await store.listWebhookEndpoints(key)).find((e) => e.id === id);
    if (!endpoint) throw new ApiError(404, 'unknown_endpoint', 'This site has no webhook endpoint with this id.');
    return endpoint;
  };
  const audit = (accountId: number, action: string, key: string, detail: Record<string, unknown>) =>
    store.appendAudit({ at: clock(), accountId, action, target: `site:${key}`, detail });

  return new Hono<ConsoleEnv>()
    .use('/:key/webhooks/*', requireSite('owner'))
    .use('/:key/webhooks', requireSite('owner'))
    .get('/:key/webhooks', async (c) => c.json({ endpoints: await store.listWebhookEndpoints(await known(c.req.param('key'))) }))
    .post('/:key/webhooks', async (c) => {
      const key = await known(c.req.param('key'));
      const input = parse(WebhookEndpointInput, await jsonBody(c), 'Give the endpoint\'s url and the events it wants.');
      // The worker checks again when it sends (a name can come to resolve inside); this tells the owner now.
      const target = outbound.checkTarget(input.url);
      if (!target.ok) throw new ApiError(400, target.code, `url: ${target.message}`, { issues: [{ path: 'url', message: target.message }] });
      if ((await store.listWebhookEndpoints(key)).length >= MAX_ENDPOINTS) {
        throw new ApiError(409, 'too_many_endpoints', `A site may have at most ${MAX_ENDPOINTS} webhook endpoints; remove one first.`);
      }
      const { endpoint, secret } = await store.createWebhookEndpoint({ site: key, ...input, at: clock() });
      await audit(c.get('session').account.id, 'webhook.create', key, { endpoint: endpoint.id, events: endpoint.events });
      // The only time the secret is shown: the receiver needs it to check our signatures.
      return c.json({ endpoint, secret }, 201);
    })
    .delete('/:key/webhooks/:id', async (c) => {
      const key = await known(c.req.param('key'));
      if (!await store.deleteWebhookEndpoint(key, c.req.param('id'))) throw new ApiError(404, 'unknown_endpoint', 'This site has no webhook endpoint with this id.');
      await audit(c.get('session').account.id, 'webhook.delete', key, { endpoint: c.req.param('id') });
      return c.json({ deleted: true });
    })
    .get('/:key/webhooks/:id/deliveries', async (c) => {
      const key = await known(c.req.param('key'));
      const endpoint = await endpointOf(key, c.req.param('id'));
      return c.json({ endpoint, deliveries: await store.listWebhookDeliveries(key, endpoint.id, 100) });
    })
    .post('/:key/webhooks/:id/deliveries/:delivery/resend', async (c) => {
      const key = await known(c.req.param('key'));
      const endpoint = await endpointOf(key, c.req.param('id'));
      const id = parse(DeliveryId, c.req.param('delivery'), 'The delivery id is a positive whole number.');
      if (!await store.resendWebhookDelivery(key, endpoint.id, id, clock())) throw new ApiError(404, 'unknown_delivery', 'This endpoint has no delivery with this id.');
      await audit(c.get('session').account.id, 'webhook.resend', key, { endpoint: endpoint.id, delivery: id });
      return c.json({ resent: true });
    });
}
