/**
 * The ceiling for `npm run bench:server`: the same Node, Hono and adapter as the real server, and
 * an endpoint that reads and parses the JSON body, then answers without storing anything.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().post('/v1/events', async (c) => {
  const body = (await c.req.json()) as { events?: { id?: string }[] };
  return c.json({ results: (body.events ?? []).map((e) => ({ id: e.id, status: 'stored' })) });
});

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
